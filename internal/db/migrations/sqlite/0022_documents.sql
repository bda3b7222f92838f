-- The document catalogue (规范常用文书, K3): templates as data an administrator adds to, and the
-- documents drafted from them — filled from the record, numbered when issued (文号: issuer code,
-- kind code, year, sequence), locked once issued (a later change is a new version).
CREATE TABLE doc_templates (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL UNIQUE,    -- stable key, e.g. filing_decision
    name        TEXT NOT NULL,           -- 立案决定书
    matter      TEXT NOT NULL,           -- case | clue | opinion: what it is drafted from
    code        TEXT NOT NULL DEFAULT '', -- the kind in the number (立 → 黔纪立〔2026〕3号); '' for unnumbered
    title       TEXT NOT NULL,
    addressee   TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,           -- paragraphs one a line; 【字段】 filled from the record
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by  TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    commission_id   INTEGER NOT NULL REFERENCES commissions (id), -- the issuing commission
    commission_path TEXT NOT NULL,
    matter_type     TEXT NOT NULL,
    matter_id       INTEGER NOT NULL,
    template_id     INTEGER NOT NULL REFERENCES doc_templates (id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    addressee       TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    number          TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL,            -- draft | issued | superseded
    issued_on       TEXT NOT NULL DEFAULT '',
    issued_by       TEXT NOT NULL DEFAULT '',
    supersedes_id   INTEGER REFERENCES documents (id),
    reply_due       TEXT NOT NULL DEFAULT '', -- a recommendation letter's reply deadline
    education_by    TEXT NOT NULL DEFAULT '', -- a confession approved for the warning-education compilation
    education_on    TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX documents_matter ON documents (matter_type, matter_id, id);
CREATE INDEX documents_scope ON documents (commission_path, kind, status);

INSERT INTO doc_templates (kind, name, matter, code, title, addressee, body, builtin, updated_by, updated_at) VALUES
('filing_decision', '立案决定书', 'case', '立', '立案决定书', '',
 '经【批准机关】批准，决定对【被审查调查人】（【单位】【职务】）涉嫌违纪违法问题立案审查调查。
立案事由：【立案事由】
特此决定。', TRUE, 'system', CURRENT_TIMESTAMP),
('inquiry_notice', '谈话函询通知书', 'clue', '询', '谈话函询通知书', '【被反映人】同志',
 '根据有关规定，经批准，请你于收到本通知之日起【回复期限】个工作日内，就反映你的有关问题作出说明。
说明应当实事求是、全面客观，并由所在单位党组织主要负责人签署意见。
对如实说明的，予以采信了结；对不如实说明、隐瞒问题的，一经查实，从严处理。', TRUE, 'system', CURRENT_TIMESTAMP),
('inquiry_letter', '函询函', 'clue', '函', '关于请【被反映人】同志说明有关问题的函', '【所在单位】党组织',
 '我委收到反映【被反映人】同志有关问题的线索（编号【线索编号】）。经研究，决定对其进行函询。
请你单位转交【被反映人】同志，由其本人于收到本函之日起【回复期限】个工作日内作出书面说明，经你单位主要负责人签署意见后报我委。', TRUE, 'system', CURRENT_TIMESTAMP),
('prelim_report', '初步核实报告', 'clue', '核', '关于【被反映人】同志问题线索的初步核实报告', '',
 '一、线索来源及反映的主要问题
【线索摘要】
二、初步核实情况
【核实情况】
三、处理建议
【处理建议】', TRUE, 'system', CURRENT_TIMESTAMP),
('investigation_report', '审查调查报告', 'case', '审', '关于【被审查调查人】涉嫌违纪违法问题的审查调查报告', '',
 '一、基本情况
【被审查调查人】，【性别】，【出生日期】出生，【单位】【职务】。【立案日期】经【批准机关】批准立案审查调查。
二、违纪违法事实
【审查调查报告】
三、审查调查意见
建议移送审理。', TRUE, 'system', CURRENT_TIMESTAMP),
('trial_report', '审理报告', 'case', '理', '关于【被审查调查人】违纪违法案的审理报告', '',
 '一、审理情况
本案于【移送审理日期】移送审理。
二、审理意见
【审理报告】', TRUE, 'system', CURRENT_TIMESTAMP),
('party_sanction', '党纪处分决定书', 'case', '纪处', '关于给予【被审查调查人】【党纪处分】处分的决定', '',
 '经查，【被审查调查人】（【单位】【职务】）存在以下违纪问题：
【处理决定】
依据《中国共产党纪律处分条例》有关规定，经【决定机关】【决定日期】会议研究，决定给予【被审查调查人】【党纪处分】处分。
本决定自【生效日期】起生效。如不服本决定，可以自收到本决定书之日起一个月内向本机关提出申诉。', TRUE, 'system', CURRENT_TIMESTAMP),
('gov_sanction', '政务处分决定书', 'case', '政处', '关于给予【被审查调查人】【政务处分】政务处分的决定', '',
 '经查，【被审查调查人】（【单位】【职务】）存在以下违法问题：
【处理决定】
依据《中华人民共和国公职人员政务处分法》有关规定，经【决定日期】研究，决定给予【被审查调查人】【政务处分】政务处分，处分期间至【处分期满】。
如不服本决定，可以自收到本决定书之日起一个月内向本机关申请复审。', TRUE, 'system', CURRENT_TIMESTAMP),
('recommendation', '纪检监察建议书', 'case', '建', '纪检监察建议书', '【所在单位】党组织',
 '在查办【被审查调查人】违纪违法案中，发现你单位存在以下问题：
【存在问题】
为此，建议你单位：
【整改建议】
请于【整改回复期限】前将整改情况书面回复我委。', TRUE, 'system', CURRENT_TIMESTAMP),
('integrity_reply', '党风廉政意见回复', 'opinion', '函', '关于【干部姓名】等同志党风廉政意见的复函', '【征求单位】',
 '你单位《关于征求【干部姓名】等同志党风廉政意见的函》收悉。经查阅廉政档案，现函复如下：
【回复意见】', TRUE, 'system', CURRENT_TIMESTAMP),
('ecology_statement', '所在单位政治生态剖析材料', 'case', '', '关于所在单位政治生态的剖析材料', '',
 '本人【被审查调查人】，原任【单位】【职务】。现就本人所在单位的政治生态作如下剖析：
【剖析内容】', TRUE, 'system', CURRENT_TIMESTAMP),
('confession', '忏悔书', 'case', '', '忏悔书', '',
 '【忏悔内容】
忏悔人：【被审查调查人】', TRUE, 'system', CURRENT_TIMESTAMP);
