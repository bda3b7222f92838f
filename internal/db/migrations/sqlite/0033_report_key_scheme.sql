-- Duplicate detection's keys changed (issue 13: sampled shingles of the matching key instead of
-- MinHash bands): each report records the scheme its rows in report_bands were made with, and
-- the server rebuilds the keys of older reports in small batches (report.RekeyPending) — bounded
-- and resumable, since each batch commits on its own and the scheme marks what is done.
ALTER TABLE reports ADD COLUMN key_scheme INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reports_key_scheme ON reports (key_scheme, id);
