-- Daily supervision (D3, D4, A3): supervision research visits to a commission with the people
-- interviewed, report, feedback and the leadership team's profile; attendance at democratic
-- life meetings (before / during / after); rectification items from either.
CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    title           TEXT NOT NULL,
    started_on      TEXT NOT NULL,
    ended_on        TEXT NOT NULL,
    methods         TEXT NOT NULL,          -- comma-separated
    interviews      INTEGER NOT NULL,       -- people interviewed, person-times (人次)
    report          TEXT NOT NULL DEFAULT '',
    feedback        TEXT NOT NULL DEFAULT '',
    feedback_on     TEXT NOT NULL DEFAULT '',
    team_conclusion TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX visits_scope ON visits (commission_path, id);

CREATE TABLE visit_interviewees (
    visit_id INTEGER NOT NULL REFERENCES visits (id),
    cadre_id INTEGER NOT NULL REFERENCES cadres (id),
    PRIMARY KEY (visit_id, cadre_id)
);

CREATE TABLE team_profile_entries (
    visit_id     INTEGER NOT NULL REFERENCES visits (id),
    dimension_id INTEGER NOT NULL REFERENCES portrait_dimensions (id),
    judgment     TEXT NOT NULL,
    PRIMARY KEY (visit_id, dimension_id)
);

CREATE TABLE life_meetings (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    held_on         TEXT NOT NULL,
    topic           TEXT NOT NULL,
    attendee        TEXT NOT NULL,           -- who attended for the higher commission
    preparation     TEXT NOT NULL,           -- before: what was checked and found
    preparation_ok  BOOLEAN NOT NULL,
    comments        TEXT NOT NULL DEFAULT '', -- during: the attendee's remarks (点评)
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX life_meetings_scope ON life_meetings (commission_path, id);

CREATE TABLE life_meeting_statements (
    meeting_id INTEGER NOT NULL REFERENCES life_meetings (id),
    cadre_id   INTEGER NOT NULL REFERENCES cadres (id),
    statement  TEXT NOT NULL,  -- self-criticism (自我批评)
    criticism  TEXT NOT NULL,  -- criticism received (相互批评)
    PRIMARY KEY (meeting_id, cadre_id)
);

-- Rectification items (整改) of a visit or a meeting, tracked to completion.
CREATE TABLE rectifications (
    id              INTEGER PRIMARY KEY,
    source_type     TEXT NOT NULL,   -- visit | life_meeting
    source_id       INTEGER NOT NULL,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    item            TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    done_on         TEXT NOT NULL DEFAULT '',
    done_note       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX rectifications_source ON rectifications (source_type, source_id);
CREATE INDEX rectifications_scope ON rectifications (commission_path, done_on, due_on);
