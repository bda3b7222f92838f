-- Problem clues (问题线索, C3) and talk / letter inquiries (谈话函询, C4–C6): numbered clues
-- with a custody log of every hand-off, allocation approved by the principal, collective
-- review, disposal by the four methods; inquiries limited per person and year; spot checks
-- drawn from a recorded seed.
CREATE TABLE clues (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    number          TEXT NOT NULL,
    source          TEXT NOT NULL,
    report_id       INTEGER REFERENCES reports (id),
    summary         TEXT NOT NULL,
    priority        BOOLEAN NOT NULL,          -- a key-minority subject: first everywhere
    status          TEXT NOT NULL,
    department_id   INTEGER REFERENCES departments (id),
    disposal        TEXT NOT NULL DEFAULT '',  -- inquiry | prelim | shelve | close | transfer
    review          TEXT NOT NULL DEFAULT '',  -- the collective review's record
    deception       BOOLEAN NOT NULL DEFAULT FALSE, -- a spot check contradicted an inquiry reply
    received_on     TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX clues_scope ON clues (commission_path, priority, id);
CREATE UNIQUE INDEX clues_number ON clues (commission_id, number);

CREATE TABLE clue_subjects (
    clue_id  INTEGER NOT NULL REFERENCES clues (id),
    cadre_id INTEGER NOT NULL REFERENCES cadres (id),
    PRIMARY KEY (clue_id, cadre_id)
);
CREATE INDEX clue_subjects_cadre ON clue_subjects (cadre_id);

-- every hand-off and decision, signed by who did it (执纪规则 Art. 23)
CREATE TABLE clue_custody (
    id      INTEGER PRIMARY KEY,
    clue_id INTEGER NOT NULL REFERENCES clues (id),
    at      TIMESTAMP NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    note    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX clue_custody_clue ON clue_custody (clue_id, id);

CREATE TABLE inquiries (
    id              INTEGER PRIMARY KEY,
    clue_id         INTEGER NOT NULL REFERENCES clues (id),
    cadre_id        INTEGER NOT NULL REFERENCES cadres (id),
    commission_path TEXT NOT NULL,
    kind            TEXT NOT NULL,               -- talk | letter
    started_on      TEXT NOT NULL,
    year            INTEGER NOT NULL,
    override        TEXT NOT NULL DEFAULT '',    -- the higher approval of a third inquiry, recorded
    received_on     TEXT NOT NULL DEFAULT '',    -- letter received by the subject
    reply_due       TEXT NOT NULL DEFAULT '',
    answered_on     TEXT NOT NULL DEFAULT '',    -- reply received or talk held
    conclusion_due  TEXT NOT NULL DEFAULT '',
    concluded_on    TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX inquiries_cadre_year ON inquiries (cadre_id, year);
CREATE INDEX inquiries_scope ON inquiries (commission_path, concluded_on);

CREATE TABLE spot_draws (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    period          TEXT NOT NULL,   -- YYYY or YYYY-MM: inquiries concluded then
    share           REAL NOT NULL,
    seed            BIGINT NOT NULL,
    pool            INTEGER NOT NULL,
    drawn_by        TEXT NOT NULL,
    drawn_at        TIMESTAMP NOT NULL
);

CREATE TABLE spot_checks (
    draw_id       INTEGER NOT NULL REFERENCES spot_draws (id),
    inquiry_id    INTEGER NOT NULL REFERENCES inquiries (id),
    position      INTEGER NOT NULL,
    method        TEXT NOT NULL DEFAULT '',   -- talk | records | query
    finding       TEXT NOT NULL DEFAULT '',
    contradiction BOOLEAN NOT NULL DEFAULT FALSE,
    checked_on    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (draw_id, inquiry_id)
);
CREATE UNIQUE INDEX spot_checks_inquiry ON spot_checks (inquiry_id);
