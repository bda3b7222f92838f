-- Rosters as offices keep them (issue 15 §1): the columns an organisation department's roster
-- carries besides the template's. Dates are YYYY-MM-DD, or YYYY-MM where the roster gives only
-- the month (参加工作时间 1990.07). rank_title is the 职级 as the roster wrote it (二级调研员),
-- rank the grade it counts under.
ALTER TABLE cadres ADD COLUMN post_since TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN rank_since TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN work_start TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN education TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN degree TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN native_place TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN rank_title TEXT NOT NULL DEFAULT '';
ALTER TABLE cadres ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- The rows an import refused, as an XLSX with a 错误原因 column, for the importer to download,
-- fix and upload again. Kept a week; only the importer may fetch them.
CREATE TABLE import_rejects (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,           -- roster, or a ledger kind
    row_count  INTEGER NOT NULL,
    content    BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX import_rejects_user ON import_rejects (user_id, created_at);
