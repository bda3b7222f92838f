-- Archive sections (A1): dated, sourced, attributed records of one section each.
CREATE TABLE archive_records (
    id          INTEGER PRIMARY KEY,
    cadre_id    INTEGER NOT NULL REFERENCES cadres (id),
    section     TEXT NOT NULL,
    date        TEXT NOT NULL,
    title       TEXT NOT NULL,
    content     TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT '',
    changes     TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX archive_records_cadre ON archive_records (cadre_id, section, date);
