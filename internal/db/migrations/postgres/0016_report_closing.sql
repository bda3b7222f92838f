-- Reports closed in bulk after a collective assessment (duplicates, no substance), each kept
-- as its own record with its own reporter.
ALTER TABLE reports ADD COLUMN closed_on TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN closed_note TEXT NOT NULL DEFAULT '';
