-- Reports (检举控告, C1–C2): intake with routing by jurisdiction, reporter identity sealed
-- outside the database's reach (package secret), duplicate detection by band keys (package
-- dedup). A report escalated about an upper-level-managed cadre keeps only a routing stub.
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY,
    commission_id       INTEGER NOT NULL REFERENCES commissions (id), -- who holds it now
    commission_path     TEXT NOT NULL,
    received_by_id      INTEGER NOT NULL REFERENCES commissions (id), -- who received it
    number              TEXT NOT NULL,
    received_on         TEXT NOT NULL,
    channel             TEXT NOT NULL,
    category            TEXT NOT NULL,
    real_name           BOOLEAN NOT NULL,
    reporter            TEXT NOT NULL DEFAULT '',   -- sealed JSON; '' for anonymous
    title               TEXT NOT NULL DEFAULT '',
    content             TEXT NOT NULL DEFAULT '',
    allegations         TEXT NOT NULL DEFAULT '',   -- discipline types, comma-separated
    jurisdiction        TEXT NOT NULL,              -- own | upper | upper_direct | lower | other
    status              TEXT NOT NULL,
    stub                BOOLEAN NOT NULL DEFAULT FALSE, -- routing record only: no content kept
    hidden_locally      BOOLEAN NOT NULL DEFAULT FALSE, -- about the receiver's principal: nobody there sees it
    routed_from_id      INTEGER REFERENCES reports (id),
    duplicate_of        INTEGER REFERENCES reports (id),
    duplicate_score     REAL NOT NULL DEFAULT 0,
    duplicate_decision  TEXT NOT NULL DEFAULT '',   -- '' | confirmed | rejected
    ack_due             TEXT NOT NULL DEFAULT '',   -- acceptance notice to a real-name reporter due
    ack_sent_on         TEXT NOT NULL DEFAULT '',
    created_by          TEXT NOT NULL,
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX reports_scope ON reports (commission_path, id);
CREATE UNIQUE INDEX reports_number ON reports (commission_id, number);

CREATE TABLE report_subjects (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    position  INTEGER NOT NULL,
    cadre_id  INTEGER REFERENCES cadres (id),
    name      TEXT NOT NULL,
    unit      TEXT NOT NULL DEFAULT '',
    post      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, position)
);
CREATE INDEX report_subjects_cadre ON report_subjects (cadre_id);

-- dedup band keys of each report's content: a shared key makes two reports candidates
CREATE TABLE report_bands (
    band_key  BIGINT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES reports (id)
);
CREATE INDEX report_bands_key ON report_bands (band_key);

-- every decision on a suspected duplicate, confirmed or rejected
CREATE TABLE report_duplicate_reviews (
    report_id    INTEGER NOT NULL REFERENCES reports (id),
    candidate_id INTEGER NOT NULL REFERENCES reports (id),
    score        REAL NOT NULL,
    decision     TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, candidate_id)
);
