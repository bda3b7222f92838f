-- Collective review meetings (集体研判 / 专题会议, C3): who attended, each clue discussed and the
-- disposal proposed for it; shelved clues come back for review on a date; the higher level
-- closes or presses (催办) its tracked supervision; real-name reporters are told the result.
CREATE TABLE clue_meetings (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    kind            TEXT NOT NULL,          -- 集体排查 | 集体研判 | 专题会议
    chair           TEXT NOT NULL,
    attendees       TEXT NOT NULL,          -- one a line
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX clue_meetings_scope ON clue_meetings (commission_path, held_on);

CREATE TABLE clue_meeting_items (
    meeting_id INTEGER NOT NULL REFERENCES clue_meetings (id),
    clue_id    INTEGER NOT NULL REFERENCES clues (id),
    opinion    TEXT NOT NULL,
    disposal   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, clue_id)
);
CREATE INDEX clue_meeting_items_clue ON clue_meeting_items (clue_id);

ALTER TABLE clues ADD COLUMN review_due TEXT NOT NULL DEFAULT ''; -- a shelved clue's next periodic review

ALTER TABLE supervisions ADD COLUMN closed_note TEXT NOT NULL DEFAULT '';
ALTER TABLE supervisions ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;

CREATE TABLE supervision_reminders (
    id             INTEGER PRIMARY KEY,
    supervision_id INTEGER NOT NULL REFERENCES supervisions (id),
    reminded_on    TEXT NOT NULL,
    note           TEXT NOT NULL,
    new_due_on     TEXT NOT NULL,
    reminded_by    TEXT NOT NULL
);
CREATE INDEX supervision_reminders_sup ON supervision_reminders (supervision_id);

ALTER TABLE reports ADD COLUMN result_sent_on TEXT NOT NULL DEFAULT '';  -- result fed back to a real-name reporter
ALTER TABLE reports ADD COLUMN result_note TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN objection TEXT NOT NULL DEFAULT '';       -- the reporter's objection, recorded
ALTER TABLE reports ADD COLUMN objection_on TEXT NOT NULL DEFAULT '';

-- attachments of a report, sealed like the reporter's identity (they may name the reporter)
CREATE TABLE report_attachments (
    id         INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (id),
    name       TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    sealed     TEXT NOT NULL,            -- secret.Box value, purpose "attachment"
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX report_attachments_report ON report_attachments (report_id);
