-- Preliminary verification (初步核实, domain §3.4): a plan, a team of at least two checked for
-- recusal against the subjects' close relatives and specific related persons, a report and an
-- outcome.
CREATE TABLE prelims (
    id           INTEGER PRIMARY KEY,
    clue_id      INTEGER NOT NULL REFERENCES clues (id),
    plan         TEXT NOT NULL,
    team         TEXT NOT NULL,              -- user ids, comma-separated
    team_names   TEXT NOT NULL,
    override     TEXT NOT NULL DEFAULT '',   -- the approval that kept a member despite a recusal ground
    started_on   TEXT NOT NULL,
    report       TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    concluded_on TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX prelims_clue ON prelims (clue_id);
