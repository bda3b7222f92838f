-- Foundation: commissions, departments, zones, users, roles, sessions, tokens, audit trail,
-- working-day calendar. Times are UTC; dates are 'YYYY-MM-DD' text on both engines.

CREATE TABLE zones (
    id                  INTEGER PRIMARY KEY,
    owner_commission_id INTEGER NOT NULL,
    name                TEXT NOT NULL,
    UNIQUE (owner_commission_id, name)
);

CREATE TABLE commissions (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES commissions (id),
    path       TEXT NOT NULL UNIQUE,
    depth      INTEGER NOT NULL,
    zone_id    INTEGER REFERENCES zones (id),
    cso_mode   TEXT NOT NULL DEFAULT 'none',
    cso_staff  INTEGER NOT NULL DEFAULT 0,
    user_count INTEGER NOT NULL DEFAULT 0, -- users of this commission itself, kept by triggers
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX commissions_parent ON commissions (parent_id);
CREATE INDEX commissions_zone ON commissions (zone_id);

CREATE TABLE departments (
    id            INTEGER PRIMARY KEY,
    commission_id INTEGER NOT NULL REFERENCES commissions (id),
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    UNIQUE (commission_id, name)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    commission_id        INTEGER NOT NULL REFERENCES commissions (id),
    commission_path      TEXT NOT NULL,
    department_id        INTEGER REFERENCES departments (id),
    password_hash        TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'active',
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMP NOT NULL
);
-- the list's order (commission, then creation), covering the name filters: no table lookups
CREATE INDEX users_scope ON users (commission_path, id, username, display_name);
CREATE INDEX users_commission ON users (commission_id);

-- commissions.user_count follows users, so an unfiltered scoped count is a sum over commissions
CREATE TRIGGER users_count_insert AFTER INSERT ON users
BEGIN UPDATE commissions SET user_count = user_count + 1 WHERE id = NEW.commission_id; END;
CREATE TRIGGER users_count_delete AFTER DELETE ON users
BEGIN UPDATE commissions SET user_count = user_count - 1 WHERE id = OLD.commission_id; END;
CREATE TRIGGER users_count_move AFTER UPDATE OF commission_id ON users WHEN NEW.commission_id <> OLD.commission_id
BEGIN
    UPDATE commissions SET user_count = user_count - 1 WHERE id = OLD.commission_id;
    UPDATE commissions SET user_count = user_count + 1 WHERE id = NEW.commission_id;
END;

-- commission_path repeats users.commission_path (kept equal by org) so that a role filter
-- and its count are one index range within the scope
CREATE TABLE user_roles (
    user_id         INTEGER NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL,
    commission_path TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles (role, commission_path, user_id);

-- search terms of users' names and login names (package search); rowid = users.id
CREATE VIRTUAL TABLE user_search USING fts5 (terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    client_addr  TEXT NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);

CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_id      INTEGER,
    actor_name    TEXT NOT NULL,
    actor_roles   TEXT NOT NULL,
    commission_id INTEGER,
    scope_path    TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    summary       TEXT NOT NULL,
    before_digest TEXT NOT NULL,
    after_digest  TEXT NOT NULL,
    client_addr   TEXT NOT NULL,
    alg           TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_scope_at ON audit_log (scope_path, at);
CREATE INDEX audit_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_object ON audit_log (object_type, object_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The chain's head: one row, locked by every append so that entries are numbered in commit order.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
