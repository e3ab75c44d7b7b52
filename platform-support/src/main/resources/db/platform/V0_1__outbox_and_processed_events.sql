-- Shared by every service (platform-support). A service lists db/platform next to its own
-- db/migration in quarkus.flyway.locations; its own migrations start at V1.

-- The transactional outbox: an event is written here in the same transaction as the change it
-- announces, and the relay sends it to Kafka afterwards. Nothing committed is lost.
CREATE TABLE outbox_event (
    id           BIGSERIAL    PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        TEXT         NOT NULL,
    message_key  TEXT         NOT NULL,
    event_type   TEXT         NOT NULL,
    subject      TEXT         NOT NULL,
    event_time   TIMESTAMPTZ  NOT NULL,
    data         TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ
);

-- What the relay reads: the unpublished rows, oldest first, and the head of each key.
CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_unpublished_by_key ON outbox_event (message_key, id) WHERE published_at IS NULL;
-- What the cleanup reads.
CREATE INDEX outbox_event_published ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- The idempotent-consumer log: a consumer records each event id it applied, in the transaction of
-- the effect, so that a redelivered event changes nothing.
CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
