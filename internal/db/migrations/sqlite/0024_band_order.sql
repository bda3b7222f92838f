-- Duplicate candidates are read as the newest reports sharing each band key, a bounded number
-- per key: the index gives them in order.
DROP INDEX report_bands_key;
CREATE INDEX report_bands_key_report ON report_bands (band_key, report_id);
