-- Cases (案件, V1–V4): from the filing request to the archive (domain §3.5), the team with its
-- recusal checks and temporary party branch, investigative measures and their ledger, safety
-- checks and incidents, changes of jurisdiction, the trial and its extensions and returns, the
-- decision with its sanctions and the four forms.
CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    commission_id       INTEGER NOT NULL REFERENCES commissions (id), -- who handles it now
    commission_path     TEXT NOT NULL,
    origin_id           INTEGER NOT NULL REFERENCES commissions (id), -- who registered it
    number              TEXT NOT NULL,
    clue_id             INTEGER REFERENCES clues (id),
    cadre_id            INTEGER NOT NULL REFERENCES cadres (id),    -- the subject
    subject_rank        TEXT NOT NULL,       -- the subject's rank when the case was filed (statistics)
    filing_type         TEXT NOT NULL,       -- party | state | both
    summary             TEXT NOT NULL,
    status              TEXT NOT NULL,
    requested_on        TEXT NOT NULL,
    requested_by        TEXT NOT NULL,
    authority           TEXT NOT NULL DEFAULT '', -- the management authority that approved the filing
    filed_on            TEXT NOT NULL DEFAULT '',
    announced_on        TEXT NOT NULL DEFAULT '',
    family_notified_on  TEXT NOT NULL DEFAULT '',
    plan                TEXT NOT NULL DEFAULT '',
    plan_approved_on    TEXT NOT NULL DEFAULT '',
    investigation_due   TEXT NOT NULL DEFAULT '',
    report              TEXT NOT NULL DEFAULT '', -- the investigation report (审查调查报告)
    safety_summary      TEXT NOT NULL DEFAULT '', -- mandatory before the investigation ends
    to_trial_on         TEXT NOT NULL DEFAULT '',
    trial_due           TEXT NOT NULL DEFAULT '',
    trial_report        TEXT NOT NULL DEFAULT '',
    trial_report_on     TEXT NOT NULL DEFAULT '',
    decided_on          TEXT NOT NULL DEFAULT '',
    decision            TEXT NOT NULL DEFAULT '',
    form                TEXT NOT NULL DEFAULT '', -- F1..F4 (四种形态)
    announce_due        TEXT NOT NULL DEFAULT '',
    decision_announced_on TEXT NOT NULL DEFAULT '',
    executed_on         TEXT NOT NULL DEFAULT '',
    execution           TEXT NOT NULL DEFAULT '',
    archived_on         TEXT NOT NULL DEFAULT '',
    appeal_from         TEXT NOT NULL DEFAULT '', -- the status an appeal returns to
    hidden_dept_id      INTEGER REFERENCES departments (id), -- hidden from the subject's own department (domain §5.3 rule 7)
    created_at          TIMESTAMP NOT NULL
);
CREATE INDEX cases_scope ON cases (commission_path, id);
CREATE UNIQUE INDEX cases_number ON cases (origin_id, number);
CREATE INDEX cases_cadre ON cases (cadre_id);
CREATE INDEX cases_clue ON cases (clue_id);

-- the case's history: every step, who took it, at which commission (moves with the case)
CREATE TABLE case_events (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    at            TIMESTAMP NOT NULL,
    actor         TEXT NOT NULL,
    commission_id INTEGER NOT NULL REFERENCES commissions (id),
    action        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- commissions beside the owner that may see and work the case (室地联合办理)
CREATE TABLE case_access (
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    commission_id   INTEGER NOT NULL REFERENCES commissions (id),
    commission_path TEXT NOT NULL,
    since           TEXT NOT NULL,
    PRIMARY KEY (case_id, commission_id)
);
CREATE INDEX case_access_path ON case_access (commission_path, case_id);

CREATE TABLE jurisdiction_changes (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    kind      TEXT NOT NULL,   -- supervise | escalate | designate | joint
    from_id   INTEGER NOT NULL REFERENCES commissions (id),
    to_id     INTEGER NOT NULL REFERENCES commissions (id),
    by_id     INTEGER NOT NULL REFERENCES commissions (id),
    reason    TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    at        TIMESTAMP NOT NULL
);
CREATE INDEX jurisdiction_changes_case ON jurisdiction_changes (case_id);

CREATE TABLE case_team (
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    user_id  INTEGER NOT NULL REFERENCES users (id),
    role     TEXT NOT NULL,            -- leader | safety_officer | member
    since    TEXT NOT NULL,
    override TEXT NOT NULL DEFAULT '', -- the approval keeping a member despite a recusal ground
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_team_user ON case_team (user_id, case_id);

-- witness roles and declared interests of users in a case: grounds for recusal
CREATE TABLE case_declarations (
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    user_id   INTEGER NOT NULL REFERENCES users (id),
    kind      TEXT NOT NULL,  -- witness | interest
    statement TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id, kind)
);

-- every recusal ground found, with what was decided
CREATE TABLE recusals (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    ground     TEXT NOT NULL,
    decision   TEXT NOT NULL,  -- recused | overridden
    note       TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    at         TIMESTAMP NOT NULL
);
CREATE INDEX recusals_case ON recusals (case_id);

-- the temporary party branch (临时党支部) of the team, and its meetings
CREATE TABLE case_branches (
    case_id        INTEGER PRIMARY KEY REFERENCES cases (id),
    secretary_id   INTEGER NOT NULL REFERENCES users (id),
    established_on TEXT NOT NULL
);
CREATE TABLE case_branch_meetings (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    held_on  TEXT NOT NULL,
    topic    TEXT NOT NULL,
    minutes  TEXT NOT NULL
);
CREATE INDEX case_branch_meetings_case ON case_branch_meetings (case_id);

-- investigative measures (审查调查措施) and their ledger
CREATE TABLE case_measures (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    target       TEXT NOT NULL,
    approved_by  TEXT NOT NULL,
    approval     TEXT NOT NULL,            -- own | upper: upper-level approval (detention below the province)
    started_on   TEXT NOT NULL,
    ends_on      TEXT NOT NULL DEFAULT '', -- planned end (detention: the limit)
    extended     BOOLEAN NOT NULL DEFAULT FALSE,
    ended_on     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX case_measures_case ON case_measures (case_id, id);

CREATE TABLE safety_checks (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    checked_on TEXT NOT NULL,
    checker   TEXT NOT NULL,
    items     TEXT NOT NULL,
    ok        BOOLEAN NOT NULL,
    findings  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX safety_checks_case ON safety_checks (case_id);

CREATE TABLE safety_incidents (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    occurred_at   TIMESTAMP NOT NULL,
    description   TEXT NOT NULL,
    escalate_due  TIMESTAMP NOT NULL,      -- occurred + 24 h (执纪规则 Art. 70)
    escalated_at  TIMESTAMP,
    escalated_to  TEXT NOT NULL DEFAULT '',
    recorded_by   TEXT NOT NULL
);
CREATE INDEX safety_incidents_case ON safety_incidents (case_id);

-- trial extensions and returns
CREATE TABLE trial_steps (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,   -- extend | reinvestigate | supplement
    on_date     TEXT NOT NULL,
    new_due     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    approved_by TEXT NOT NULL
);
CREATE INDEX trial_steps_case ON trial_steps (case_id);

-- sanctions and other outcomes of a decision (domain §2.11, §4.4–4.6)
CREATE TABLE sanctions (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    cadre_id          INTEGER NOT NULL REFERENCES cadres (id),
    commission_path   TEXT NOT NULL,
    system            TEXT NOT NULL,   -- party | gov | org | none | prosecution
    kind              TEXT NOT NULL,
    subject_rank      TEXT NOT NULL,
    decided_on        TEXT NOT NULL,
    effective_on      TEXT NOT NULL,
    period_end        TEXT NOT NULL DEFAULT '', -- '' for none, 9999-12-31 for permanent
    restriction_until TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sanctions_case ON sanctions (case_id);
CREATE INDEX sanctions_cadre ON sanctions (cadre_id, restriction_until);
