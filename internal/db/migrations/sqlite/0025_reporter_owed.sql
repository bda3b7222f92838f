-- What the petitions office owes real-name reporters (acceptance notices, result feedback) is
-- read on every visit of the report list: partial indexes keep that to the few rows owed.
CREATE INDEX reports_ack_owed ON reports (commission_id, ack_due) WHERE ack_due <> '';
CREATE INDEX reports_result_owed ON reports (commission_id, id) WHERE real_name AND result_sent_on = '' AND status = 'to_clue';
CREATE INDEX clues_report ON clues (report_id) WHERE report_id IS NOT NULL;
