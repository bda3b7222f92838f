-- Precise profiles (精准画像, A2): dimensions configurable per installation; a portrait per key
-- leader per period; each dimension a judgment with evidence from the archive timeline.
CREATE TABLE portrait_dimensions (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    guidance TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL
);
INSERT INTO portrait_dimensions (name, guidance, position) VALUES
 ('政治素质', '政治忠诚、政治定力、政治担当、政治能力、政治自律', 1),
 ('综合素质', '履职能力、工作实绩、群众公认', 2),
 ('作风形象', '工作作风、廉洁自律、家风家教', 3);

CREATE TABLE portraits (
    id          INTEGER PRIMARY KEY,
    cadre_id    INTEGER NOT NULL REFERENCES cadres (id),
    period      TEXT NOT NULL,
    author      TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (cadre_id, period)
);

CREATE TABLE portrait_entries (
    portrait_id  INTEGER NOT NULL REFERENCES portraits (id),
    dimension_id INTEGER NOT NULL REFERENCES portrait_dimensions (id),
    judgment     TEXT NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '', -- archive_items ids, comma-separated
    PRIMARY KEY (portrait_id, dimension_id)
);
