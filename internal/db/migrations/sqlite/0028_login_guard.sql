-- Logins that cannot shut a user out from outside, and password resets that need two people.

-- Failed logins per login name and client address: after repeated failures that name is
-- blocked for that address only, for a delay that grows with each further failure. Unknown
-- names are counted the same way, so the answer never tells a known name from an unknown one.
CREATE TABLE login_blocks (
    username      TEXT NOT NULL,
    client_addr   TEXT NOT NULL,
    failures      INTEGER NOT NULL,
    last_failed   TIMESTAMP NOT NULL,
    blocked_until TIMESTAMP,
    PRIMARY KEY (username, client_addr)
);

-- A password reset of an account: requested by a system administrator (the new password's hash
-- waits here, unused), approved or refused by a security administrator; the owner is told at
-- the next login who reset it and when (notified_at).
CREATE TABLE password_resets (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    commission_path TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    requester_id    INTEGER,
    requested_at    TIMESTAMP NOT NULL,
    reason          TEXT NOT NULL,
    password_hash   TEXT,
    must_change     BOOLEAN NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    decided_by      TEXT,
    decider_id      INTEGER,
    decided_at      TIMESTAMP,
    notified_at     TIMESTAMP
);
CREATE INDEX password_resets_state ON password_resets (state, commission_path);
CREATE INDEX password_resets_user ON password_resets (user_id, id);
-- at most one reset waits for approval per account
CREATE UNIQUE INDEX password_resets_one_pending ON password_resets (user_id) WHERE state = 'pending';

-- 三员分立 in the database as well as in org.Separation: an account holds at most one of the
-- three administrative roles, and one that holds one holds no business role, whatever path
-- (screen, API, command line, import) writes the row.
CREATE TRIGGER user_roles_separation BEFORE INSERT ON user_roles
WHEN EXISTS (SELECT 1 FROM user_roles WHERE user_id = NEW.user_id AND role <> NEW.role AND (
        role IN ('sysadmin', 'security_admin', 'security_auditor')
        OR NEW.role IN ('sysadmin', 'security_admin', 'security_auditor')))
BEGIN
    SELECT RAISE(ABORT, 'separation of duties: administrative roles are exclusive');
END;
