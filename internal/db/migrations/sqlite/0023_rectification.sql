-- Rectification of a unit (整改, domain §3.7), from its source (a case's recommendation letter:
-- 一案一整改; later, inspection findings) to verification and sign-off (销号); and what closes a
-- case beside it: links of dual investigation (一案双查), post-case spot checks and quality
-- reviews, mutual cases with the judiciary.
CREATE TABLE rectification_tasks (
    id              INTEGER PRIMARY KEY,
    source_type     TEXT NOT NULL,          -- case | inspection
    source_id       INTEGER NOT NULL,
    source_ref      TEXT NOT NULL,          -- what the issuer calls it: a case number, a letter's number
    commission_id   INTEGER NOT NULL REFERENCES commissions (id), -- the issuer
    commission_path TEXT NOT NULL,
    unit_id         INTEGER NOT NULL REFERENCES commissions (id), -- the unit that rectifies
    unit_path       TEXT NOT NULL,
    issues          TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,          -- issued | plan_submitted | in_progress | completion_reported | closed
    plan            TEXT NOT NULL DEFAULT '',
    plan_opinion    TEXT NOT NULL DEFAULT '',
    completion      TEXT NOT NULL DEFAULT '',
    completion_on   TEXT NOT NULL DEFAULT '',
    verified_by     TEXT NOT NULL DEFAULT '',
    verified_on     TEXT NOT NULL DEFAULT '',
    verification    TEXT NOT NULL DEFAULT '',
    reopened        INTEGER NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX rectification_tasks_source ON rectification_tasks (source_type, source_id);
CREATE INDEX rectification_tasks_scope ON rectification_tasks (commission_path, status);
CREATE INDEX rectification_tasks_unit ON rectification_tasks (unit_path, status);

CREATE TABLE rectification_steps (
    id       INTEGER PRIMARY KEY,
    task_id  INTEGER NOT NULL REFERENCES rectification_tasks (id),
    at       TIMESTAMP NOT NULL,
    actor    TEXT NOT NULL,
    step     TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX rectification_steps_task ON rectification_steps (task_id, id);

CREATE TABLE case_links (
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    other_id INTEGER NOT NULL REFERENCES cases (id),
    kind     TEXT NOT NULL,      -- dual (一案双查)
    note     TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    linked_on TEXT NOT NULL,
    PRIMARY KEY (case_id, other_id)
);

CREATE TABLE case_reviews (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,   -- spot_check (案后抽查) | quality (案件质量评查)
    reviewed_on TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    rating      TEXT NOT NULL,   -- good | fair | poor
    findings    TEXT NOT NULL
);
CREATE INDEX case_reviews_case ON case_reviews (case_id);

CREATE TABLE case_judicial (
    case_id       INTEGER PRIMARY KEY REFERENCES cases (id),
    organ         TEXT NOT NULL,  -- the procuratorate
    determination TEXT NOT NULL,  -- its determination of judicial responsibility
    determined_on TEXT NOT NULL,
    recorded_by   TEXT NOT NULL
);
