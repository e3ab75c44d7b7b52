-- Issue 3: referral intake that loses nothing and accepts nothing wrong.

-- What the same source reference must match to be the same referral: a digest of its normalised
-- content. A retry carries the same content; a different referral under a reused reference does not.
ALTER TABLE referral ADD COLUMN content_fingerprint TEXT;

-- The referrer's cancellation. The free text may name the patient: it stays in this database and on
-- the referrals topic, and is never logged.
ALTER TABLE referral ADD COLUMN cancelled_at             TIMESTAMPTZ;
ALTER TABLE referral ADD COLUMN cancellation_reason      TEXT;
ALTER TABLE referral ADD COLUMN cancellation_text        TEXT;
ALTER TABLE referral ADD COLUMN cancellation_recorded_at TIMESTAMPTZ;

-- What the other services did with a referral, from the assessments, allocations and visits topics:
-- one row per decision, allocation and visit, identified by its natural key, so that a redelivery
-- under any event id adds nothing. No foreign key: an event may arrive for a referral this instance
-- has not committed yet, and it must not be lost.
CREATE TABLE referral_timeline (
    id           BIGSERIAL   PRIMARY KEY,
    referral_id  UUID        NOT NULL,
    kind         TEXT        NOT NULL,
    natural_key  TEXT        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    number       INTEGER,
    pathway      TEXT,
    standard     TEXT,
    hub_id       TEXT,
    outcome      TEXT,
    event_id     TEXT        NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT referral_timeline_natural_key UNIQUE (referral_id, kind, natural_key)
);

-- Idempotency-Key (IETF httpapi draft): the first request with a key claims it; the response is
-- stored in the transaction that made it, and replayed to every retry with the same key and payload
-- until the key expires.
CREATE TABLE idempotency_key (
    scope           TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    owner           UUID        NOT NULL,
    state           TEXT        NOT NULL,
    lease_until     TIMESTAMPTZ NOT NULL,
    response_status INTEGER,
    response_location TEXT,
    response_body   TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);

