-- Full-text search over reports (title, content, subjects' names): index terms from package
-- search (CJK bigrams, so a two-character word always hits), per engine.
CREATE VIRTUAL TABLE report_search USING fts5 (terms, content = '', contentless_delete = 1, detail = none,
    tokenize = 'unicode61 remove_diacritics 0');
-- a report is indexed in batches after it is registered (registration stays one short write)
ALTER TABLE reports ADD COLUMN indexed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX reports_unindexed ON reports (id) WHERE NOT indexed;
-- the list's order within a scope, without reading the rows
CREATE INDEX reports_list ON reports (commission_path, id) WHERE NOT hidden_locally;
