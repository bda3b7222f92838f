-- Statistics in the official form (S1): the day a clue's disposal was approved, the indexes
-- each line of the form counts through (Beijing date first, then the scope's path, so a period
-- is one index range and the subtree a filter on the entries read), and the period locks
-- (报表锁定) with the adjustments later reports carry.
ALTER TABLE clues ADD COLUMN disposed_on TEXT NOT NULL DEFAULT '';
-- clues disposed before this column existed: the day (Beijing) of their last approval
UPDATE clues SET disposed_on = COALESCE((SELECT date(substr(MAX(k.at), 1, 19), '+8 hours') FROM clue_custody k
    WHERE k.clue_id = clues.id AND k.action = 'clue.approve'), '')
WHERE disposal <> '' AND status NOT IN ('registered', 'allocated', 'proposed');

CREATE INDEX stat_reports ON reports (received_on, commission_path, routed_from_id);
CREATE INDEX stat_clues ON clues (disposed_on, commission_path, disposal);
CREATE INDEX stat_inquiries_started ON inquiries (started_on, commission_path);
CREATE INDEX stat_inquiries_concluded ON inquiries (concluded_on, commission_path, outcome);
CREATE INDEX stat_prelims_started ON prelims (started_on, clue_id);
CREATE INDEX stat_prelims_concluded ON prelims (concluded_on, outcome, clue_id);
CREATE INDEX stat_cases_filed ON cases (filed_on, commission_path);
CREATE INDEX stat_cases_decided ON cases (decided_on, commission_path, form);
CREATE INDEX stat_sanctions ON sanctions (decided_on, commission_path, system, subject_rank, case_id);

-- a reported period: the figures as reported, frozen
CREATE TABLE stat_locks (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    from_on         TEXT NOT NULL,
    to_on           TEXT NOT NULL,
    figures         TEXT NOT NULL,   -- JSON, the CLI's object
    note            TEXT NOT NULL DEFAULT '',
    locked_by       TEXT NOT NULL,
    locked_at       TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX stat_locks_period ON stat_locks (commission_id, from_on, to_on);

-- a change found after a period was locked, with its reason, carried by a later report
CREATE TABLE stat_adjustments (
    id          INTEGER PRIMARY KEY,
    lock_id     INTEGER NOT NULL REFERENCES stat_locks (id), -- the period changed
    carried_by  INTEGER NOT NULL REFERENCES stat_locks (id), -- the report that states it
    line        TEXT NOT NULL,
    before_n    INTEGER NOT NULL,
    after_n     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX stat_adjustments_lock ON stat_adjustments (lock_id);
CREATE INDEX stat_adjustments_carried ON stat_adjustments (carried_by);
