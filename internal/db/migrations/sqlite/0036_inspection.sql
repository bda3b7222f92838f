-- Internal inspection rounds (内部督查, requirements §6 I1–I3, domain §3.6): a round's plan and
-- targets, the teams drawn from the personnel pool (one team a target) with the exclusions that
-- explain the draw, the "三盯三看" checklist as data and its answers, on-site records, findings
-- (each to a rectification and/or a problem clue) and the face-to-face feedback.
CREATE TABLE inspection_rounds (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id), -- the organising commission
    commission_path TEXT NOT NULL,
    title           TEXT NOT NULL,
    period          TEXT NOT NULL,           -- the coverage period: '2026' or '2026-2027'
    plan            TEXT NOT NULL,
    onsite_from     TEXT NOT NULL,
    onsite_to       TEXT NOT NULL,
    team_size       INTEGER NOT NULL,
    leader_rank     TEXT NOT NULL,           -- the lowest rank a team leader may have
    skills          TEXT NOT NULL DEFAULT '', -- comma-separated: each team covers every one
    served_years    INTEGER NOT NULL,        -- nobody inspects a unit he served in these last years
    seed            BIGINT,                  -- the draw's seed, once drawn
    drawn_at        TIMESTAMP,
    drawn_by        TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX inspection_rounds_scope ON inspection_rounds (commission_path, id);
CREATE INDEX inspection_rounds_period ON inspection_rounds (period);

CREATE TABLE inspection_targets (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES inspection_rounds (id),
    unit_id       INTEGER NOT NULL REFERENCES commissions (id),
    unit_path     TEXT NOT NULL,
    exclusions    TEXT NOT NULL DEFAULT '', -- the draw's explanations, one a line
    feedback_on   TEXT NOT NULL DEFAULT '', -- face-to-face feedback to the unit's leadership
    feedback_to   TEXT NOT NULL DEFAULT '',
    feedback      TEXT NOT NULL DEFAULT '',
    UNIQUE (round_id, unit_id)
);
CREATE INDEX inspection_targets_unit ON inspection_targets (unit_id, round_id);

CREATE TABLE inspection_members (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES inspection_targets (id),
    cadre_id    INTEGER NOT NULL REFERENCES cadres (id),
    role        TEXT NOT NULL,              -- leader | member
    active      BOOLEAN NOT NULL,
    replaced_why TEXT NOT NULL DEFAULT '',
    added_at    TIMESTAMP NOT NULL
);
CREATE INDEX inspection_members_target ON inspection_members (target_id, id);
CREATE INDEX inspection_members_cadre ON inspection_members (cadre_id);

CREATE TABLE inspection_checklist (
    id        INTEGER PRIMARY KEY,
    dimension TEXT NOT NULL,                -- political | enforcement | team
    question  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    retired   BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO inspection_checklist (dimension, question, position) VALUES
    ('political', '党委（党组）管党治党、纪委监督责任是否压紧压实，对本级纪检监察干部的教育管理监督是否有部署、有检查', 1),
    ('political', '上级关于纪检监察干部队伍建设的决策部署是否传达学习、结合实际贯彻落实', 2),
    ('enforcement', '问题线索是否按规定登记、集体研判、分类处置，是否存在有案不办、压案不查', 3),
    ('enforcement', '审查调查措施是否依规审批使用，办案安全、回避、打听过问登记是否落实', 4),
    ('team', '干部监督是否日常化：谈心谈话、廉政档案、个人有关事项报告是否按要求开展', 5),
    ('team', '是否发现并处理本单位干部的违纪违法问题，对苗头性问题是否及时提醒纠正', 6);

CREATE TABLE inspection_answers (
    target_id   INTEGER NOT NULL REFERENCES inspection_targets (id),
    item_id     INTEGER NOT NULL REFERENCES inspection_checklist (id),
    answer      TEXT NOT NULL,               -- yes | no
    evidence    TEXT NOT NULL,
    answered_by TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (target_id, item_id)
);

CREATE TABLE inspection_onsite (
    id          INTEGER PRIMARY KEY,
    target_id   INTEGER NOT NULL REFERENCES inspection_targets (id),
    kind        TEXT NOT NULL,               -- talk | files | visit
    held_on     TEXT NOT NULL,
    content     TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX inspection_onsite_target ON inspection_onsite (target_id, id);

CREATE TABLE inspection_findings (
    id                 INTEGER PRIMARY KEY,
    round_id           INTEGER NOT NULL REFERENCES inspection_rounds (id),
    target_id          INTEGER NOT NULL REFERENCES inspection_targets (id),
    unit_id            INTEGER NOT NULL REFERENCES commissions (id),
    unit_path          TEXT NOT NULL,
    dimension          TEXT NOT NULL,        -- political | enforcement | team
    category           TEXT NOT NULL,        -- the problem's type, from the catalogue
    severity           TEXT NOT NULL,        -- minor | serious | grave
    description        TEXT NOT NULL,
    evidence           TEXT NOT NULL,
    responsible_person TEXT NOT NULL DEFAULT '',
    responsible_cadre  INTEGER REFERENCES cadres (id),
    rectification_id   INTEGER REFERENCES rectification_tasks (id),
    clue_id            INTEGER REFERENCES clues (id),
    found_on           TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
CREATE INDEX inspection_findings_target ON inspection_findings (target_id, id);
CREATE INDEX inspection_findings_unit ON inspection_findings (unit_id, category);
CREATE INDEX inspection_findings_scope ON inspection_findings (unit_path, id);
