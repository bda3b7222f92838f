-- Business-prohibition scope (禁业范围, A5) as data: which relatives of which ranks may not run
-- which businesses where. Seeded with two common rules; an installation adds its own.
CREATE TABLE prohibition_rules (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    relations  TEXT NOT NULL,             -- relation ids, comma-separated
    ranks      TEXT NOT NULL,             -- rank ids, comma-separated; '' for every rank
    keywords   TEXT NOT NULL DEFAULT '',  -- business words, comma-separated; '' for any business
    same_area  BOOLEAN NOT NULL,          -- only businesses in the cadre's own jurisdiction
    basis      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO prohibition_rules (name, relations, ranks, keywords, same_area, basis, created_at) VALUES
 ('配偶、子女及其配偶不得在本人管辖地区经商办企业', 'spouse,son,daughter', 'provincial,bureau,county', '', TRUE,
  '关于进一步规范领导干部配偶、子女及其配偶经商办企业管理的规定（地方实施细则，按本地口径调整）', CURRENT_TIMESTAMP),
 ('近亲属不得从事与纪检监察职责可能冲突的法律服务、中介', 'spouse,son,daughter,father,mother,brother,sister', '', '律师,法律服务,中介,咨询,评估,拍卖', FALSE,
  '纪检监察干部从业限制（本地规定）', CURRENT_TIMESTAMP);
