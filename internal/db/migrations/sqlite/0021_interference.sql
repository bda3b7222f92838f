-- The interference register (打听、过问、干预 登记, K4, domain §3.8) and the reads flagged as
-- possible 打听 (B1): every read of a case or clue by someone outside its team and supervising
-- chain, for the cadre-supervision office to dismiss or turn into a record.
CREATE TABLE flagged_reads (
    id              INTEGER PRIMARY KEY,
    matter_type     TEXT NOT NULL,   -- case | clue
    matter_id       INTEGER NOT NULL,
    matter_number   TEXT NOT NULL,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),  -- the matter's
    commission_path TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),        -- the reader
    user_name       TEXT NOT NULL,
    read_at         TIMESTAMP NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open', -- open | dismissed | recorded
    decided_by      TEXT NOT NULL DEFAULT '',
    decision_note   TEXT NOT NULL DEFAULT '',
    record_id       INTEGER
);
CREATE INDEX flagged_reads_scope ON flagged_reads (commission_path, status, id);
CREATE INDEX flagged_reads_user ON flagged_reads (user_id);

CREATE TABLE interference_records (
    id                  INTEGER PRIMARY KEY,
    commission_id       INTEGER NOT NULL REFERENCES commissions (id), -- the recorder's
    commission_path     TEXT NOT NULL,
    recorded_by_id      INTEGER NOT NULL REFERENCES users (id),
    recorded_by         TEXT NOT NULL,
    recorded_at         TIMESTAMP NOT NULL,
    approached_on       TEXT NOT NULL,
    matter_type         TEXT NOT NULL DEFAULT '',  -- case | clue | '' (another matter, described)
    matter_id           INTEGER,
    matter_text         TEXT NOT NULL DEFAULT '',
    kind                TEXT NOT NULL,             -- ask | inquire | intercede | contact | materials | other
    channel             TEXT NOT NULL,             -- in_person | phone | message | third_party
    intervener_name     TEXT NOT NULL,
    intervener_unit     TEXT NOT NULL DEFAULT '',
    intervener_post     TEXT NOT NULL DEFAULT '',
    intervener_user_id  INTEGER REFERENCES users (id), -- when the intervener is a user: never shown records about them
    intervener_cadre_id INTEGER REFERENCES cadres (id),
    relation            TEXT NOT NULL DEFAULT '',
    content             TEXT NOT NULL,
    response            TEXT NOT NULL,
    reported_to         TEXT NOT NULL DEFAULT '',  -- the team leader and the cadre-supervision office
    followup            TEXT NOT NULL DEFAULT '',  -- '' | none | notice | clue
    followup_note       TEXT NOT NULL DEFAULT '',
    followup_by         TEXT NOT NULL DEFAULT '',
    followup_on         TEXT NOT NULL DEFAULT '',
    clue_id             INTEGER REFERENCES clues (id), -- the clue opened against the intervener
    source              TEXT NOT NULL DEFAULT 'manual' -- manual | flagged (from a flagged read)
);
CREATE INDEX interference_scope ON interference_records (commission_path, approached_on);
CREATE INDEX interference_recorder ON interference_records (recorded_by_id);

-- the quarterly zero report (零报告): a commission states it had no approach in a quarter
CREATE TABLE interference_zero_reports (
    commission_id INTEGER NOT NULL REFERENCES commissions (id),
    period        TEXT NOT NULL,  -- YYYY-Qn
    reported_by   TEXT NOT NULL,
    reported_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (commission_id, period)
);
