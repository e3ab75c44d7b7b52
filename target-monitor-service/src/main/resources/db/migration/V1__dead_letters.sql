-- The monitor rebuilds its state from the topics on every start, so it remembers which records it
-- already sent to a dead-letter topic, and sends each one once.
CREATE TABLE dead_letter (
    topic           TEXT        NOT NULL,
    topic_partition INT         NOT NULL,
    record_offset   BIGINT      NOT NULL,
    reason          TEXT        NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, topic_partition, record_offset)
);
