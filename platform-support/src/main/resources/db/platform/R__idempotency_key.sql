-- Idempotency-Key (IETF httpapi draft), platform-support's IdempotentRequests: the first request
-- with a key claims it; the response is stored in the transaction that made it, and replayed to
-- every retry with the same key and payload until the key expires.
-- Repeatable and idempotent, like R__audit_event, so that it applies after each service's own
-- migrations on a database of any age (referral-service made this table in its V2_1).
CREATE TABLE IF NOT EXISTS idempotency_key (
    scope             TEXT        NOT NULL,
    idempotency_key   TEXT        NOT NULL,
    fingerprint       TEXT        NOT NULL,
    owner             UUID        NOT NULL,
    state             TEXT        NOT NULL,
    lease_until       TIMESTAMPTZ NOT NULL,
    response_status   INTEGER,
    response_location TEXT,
    response_body     TEXT,
    created_at        TIMESTAMPTZ NOT NULL,
    expires_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX IF NOT EXISTS idempotency_key_expiry ON idempotency_key (expires_at);
