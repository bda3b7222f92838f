-- Full-text search over reports (title, content, subjects' names): index terms from package
-- search (CJK bigrams, so a two-character word always hits), per engine.
CREATE TABLE report_search (
    id    BIGINT PRIMARY KEY REFERENCES reports (id),
    terms TEXT[] NOT NULL
);
CREATE INDEX report_search_terms ON report_search USING GIN (terms);
-- a report is indexed in batches after it is registered (registration stays one short write)
ALTER TABLE reports ADD COLUMN indexed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX reports_unindexed ON reports (id) WHERE NOT indexed;
-- the list's order within a scope, without reading the rows
CREATE INDEX reports_list ON reports (commission_path, id) WHERE NOT hidden_locally;
