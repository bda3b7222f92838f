-- Cadres and their integrity archives: appointments, talks, family members, the timeline.

CREATE TABLE cadres (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    gender               TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    birth_date           TEXT NOT NULL,
    id_number            TEXT NOT NULL UNIQUE,
    ethnicity            TEXT NOT NULL,
    party_member         BOOLEAN NOT NULL,
    party_join_date      TEXT NOT NULL DEFAULT '',
    commission_id        INTEGER NOT NULL REFERENCES commissions (id),
    commission_path      TEXT NOT NULL,
    department_id        INTEGER REFERENCES departments (id),
    post                 TEXT NOT NULL,
    rank                 TEXT NOT NULL,
    key_minority         BOOLEAN NOT NULL DEFAULT FALSE,
    committees           TEXT NOT NULL DEFAULT '',
    management_authority TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'in_post',
    left_at              TEXT NOT NULL DEFAULT '',
    user_id              INTEGER UNIQUE REFERENCES users (id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX cadres_scope ON cadres (commission_path, id);
CREATE INDEX cadres_rank ON cadres (rank, commission_path);

CREATE VIRTUAL TABLE cadre_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE appointments (
    id            INTEGER PRIMARY KEY,
    cadre_id      INTEGER NOT NULL REFERENCES cadres (id),
    date          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    post          TEXT NOT NULL,
    commission_id INTEGER NOT NULL REFERENCES commissions (id),
    doc_no        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    recorded_by   INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX appointments_cadre ON appointments (cadre_id, date);

CREATE TABLE talks (
    id              INTEGER PRIMARY KEY,
    cadre_id        INTEGER NOT NULL REFERENCES cadres (id),
    commission_path TEXT NOT NULL,
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    due_date        TEXT NOT NULL,
    held_date       TEXT NOT NULL DEFAULT '',
    talker          TEXT NOT NULL DEFAULT '',
    summary         TEXT NOT NULL DEFAULT '',
    source_type     TEXT NOT NULL DEFAULT '',
    source_id       INTEGER,
    created_by      INTEGER REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX talks_open ON talks (held_date, due_date, commission_path);
CREATE INDEX talks_cadre ON talks (cadre_id);

CREATE TABLE family_members (
    id         INTEGER PRIMARY KEY,
    cadre_id   INTEGER NOT NULL REFERENCES cadres (id),
    relation   TEXT NOT NULL,
    name       TEXT NOT NULL,
    id_number  TEXT NOT NULL DEFAULT '',
    employer   TEXT NOT NULL DEFAULT '',
    post       TEXT NOT NULL DEFAULT '',
    business   TEXT NOT NULL DEFAULT '',
    region     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX family_cadre ON family_members (cadre_id);
CREATE INDEX family_id_number ON family_members (id_number);

-- The archive timeline: every source writes a row here in its own transaction.
CREATE TABLE archive_items (
    id          INTEGER PRIMARY KEY,
    cadre_id    INTEGER NOT NULL REFERENCES cadres (id),
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    source_type TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX archive_items_cadre ON archive_items (cadre_id, date, id);
CREATE INDEX archive_items_source ON archive_items (source_type, source_id);
