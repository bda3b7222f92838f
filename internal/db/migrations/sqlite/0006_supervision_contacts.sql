-- Supervision contacts (联系范围, O6): which office supervises which unit since when.
CREATE TABLE supervision_contacts (
    id         INTEGER PRIMARY KEY,
    office_id  INTEGER NOT NULL REFERENCES departments (id),
    unit_id    INTEGER NOT NULL REFERENCES commissions (id),
    since      TEXT NOT NULL,
    until      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX supervision_contacts_unit ON supervision_contacts (unit_id, until);
