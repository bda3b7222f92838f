-- Filing with the higher commission (备案, C7) of disposals about the cadres the installation
-- names, its review, and tracked supervision (督办) of any clue by the higher level.
CREATE TABLE filings (
    id              INTEGER PRIMARY KEY,
    clue_id         INTEGER NOT NULL REFERENCES clues (id),
    from_id         INTEGER NOT NULL REFERENCES commissions (id),
    to_id           INTEGER NOT NULL REFERENCES commissions (id),
    to_path         TEXT NOT NULL,
    reason          TEXT NOT NULL,            -- why it must be filed
    what            TEXT NOT NULL,            -- the disposal filed
    due_on          TEXT NOT NULL,
    filed_on        TEXT NOT NULL DEFAULT '', -- '' until the lower level files it
    report          TEXT NOT NULL DEFAULT '',
    decision        TEXT NOT NULL DEFAULT '', -- accepted | returned
    opinion         TEXT NOT NULL DEFAULT '', -- the correction opinion when returned
    reviewed_by     TEXT NOT NULL DEFAULT '',
    reviewed_on     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX filings_to ON filings (to_path, filed_on, due_on);
CREATE INDEX filings_clue ON filings (clue_id);

CREATE TABLE supervisions (
    id         INTEGER PRIMARY KEY,
    clue_id    INTEGER NOT NULL REFERENCES clues (id),
    by_id      INTEGER NOT NULL REFERENCES commissions (id),
    by_path    TEXT NOT NULL,
    request    TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    closed_on  TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX supervisions_clue ON supervisions (clue_id);

CREATE TABLE supervision_reports (
    id             INTEGER PRIMARY KEY,
    supervision_id INTEGER NOT NULL REFERENCES supervisions (id),
    reported_on    TEXT NOT NULL,
    progress       TEXT NOT NULL,
    reported_by    TEXT NOT NULL
);
