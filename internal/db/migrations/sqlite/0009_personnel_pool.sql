-- The cadre-supervision personnel pool (人员库, O5): cadres of every level who may be drawn
-- into inspections and checks, with skills, training, availability and past assignments.
CREATE TABLE pool_members (
    cadre_id        INTEGER PRIMARY KEY REFERENCES cadres (id),
    skills          TEXT NOT NULL,   -- comma-separated, from the catalogue
    training        TEXT NOT NULL DEFAULT '',
    available       BOOLEAN NOT NULL,
    unavailable_why TEXT NOT NULL DEFAULT '',
    joined_on       TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE pool_assignments (
    id         INTEGER PRIMARY KEY,
    cadre_id   INTEGER NOT NULL REFERENCES pool_members (cadre_id),
    started_on TEXT NOT NULL,
    task       TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pool_assignments_cadre ON pool_assignments (cadre_id, started_on);
