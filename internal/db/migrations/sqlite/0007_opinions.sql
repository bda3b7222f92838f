-- Documents (公文): each commission's issuer code (机关代字, e.g. 黔纪) and its yearly number
-- sequences per document kind, shared by every numbered document.
ALTER TABLE commissions ADD COLUMN doc_code TEXT NOT NULL DEFAULT '';

CREATE TABLE doc_sequences (
    commission_id INTEGER NOT NULL REFERENCES commissions (id),
    kind          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    last          INTEGER NOT NULL,
    PRIMARY KEY (commission_id, kind, year)
);

-- Integrity opinion replies (党风廉政意见回复, A4): a request about N cadres, a drafted reply per
-- cadre that an officer edits and confirms; the confirmed reply is numbered.
CREATE TABLE opinion_requests (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    requester       TEXT NOT NULL,
    request_ref     TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'draft',
    number          TEXT NOT NULL DEFAULT '',
    confirmed_by    TEXT NOT NULL DEFAULT '',
    confirmed_on    TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX opinion_requests_scope ON opinion_requests (commission_path, id);

CREATE TABLE opinion_subjects (
    request_id INTEGER NOT NULL REFERENCES opinion_requests (id),
    cadre_id   INTEGER NOT NULL REFERENCES cadres (id),
    position   INTEGER NOT NULL,
    findings   TEXT NOT NULL DEFAULT '', -- the draft's findings as JSON
    sources    TEXT NOT NULL DEFAULT '', -- the sources checked, comma-separated
    reply      TEXT NOT NULL,
    adverse    BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (request_id, cadre_id)
);
CREATE INDEX opinion_subjects_cadre ON opinion_subjects (cadre_id);
