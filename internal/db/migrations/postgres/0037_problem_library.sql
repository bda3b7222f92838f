-- The problem library (监督检查问题库, I4): every inspection finding in a bigram search index
-- (package search terms, text[] + GIN), with the work stage it lies in and free tags; the
-- organising commission's path copied onto the finding so the library is one index range per scope.
ALTER TABLE inspection_findings ADD COLUMN commission_path TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE inspection_findings ADD COLUMN stage TEXT NOT NULL DEFAULT 'other';
ALTER TABLE inspection_findings ADD COLUMN tags TEXT NOT NULL DEFAULT ''; -- comma-separated
UPDATE inspection_findings SET commission_path = (SELECT r.commission_path FROM inspection_rounds r WHERE r.id = inspection_findings.round_id);
CREATE INDEX inspection_findings_library ON inspection_findings (commission_path, id);
CREATE TABLE finding_search (
    id    BIGINT PRIMARY KEY REFERENCES inspection_findings (id),
    terms TEXT[] NOT NULL
);
CREATE INDEX finding_search_terms ON finding_search USING GIN (terms);
