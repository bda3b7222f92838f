-- The identifier of the key that seals reporters' identities and attachments — a hash-derived
-- id, never the key. A start whose key is missing or has another id is refused (issue 9), and
-- `custos key rotate` changes it in the transaction that re-seals every value.
CREATE TABLE sealing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    key_id      TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
