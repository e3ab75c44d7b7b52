-- A hub sends a referral back to its LDU: each send-back, appended, never changed. The reason is a
-- code (on the event) and the staff's words, which stay here: shown to the hub's staff and the LDU's
-- clinicians on GET /api/allocations/{referralId}, never logged, never on a topic.
CREATE TABLE send_back (
    id                UUID        PRIMARY KEY,
    referral_id       UUID        NOT NULL REFERENCES referral_case (referral_id),
    hub_id            TEXT        NOT NULL REFERENCES hub (id),
    allocation_number INTEGER     NOT NULL CHECK (allocation_number >= 1),
    reason_code       TEXT        NOT NULL,
    reason            TEXT        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    sent_back_at      TIMESTAMPTZ NOT NULL,
    sent_back_by      TEXT        NOT NULL
);
CREATE INDEX send_back_by_referral ON send_back (referral_id, sent_back_at);

-- An allocation released when its hub sent the referral back: when, and the send-back's reason code.
ALTER TABLE allocation ADD COLUMN released_at    TIMESTAMPTZ;
ALTER TABLE allocation ADD COLUMN release_reason TEXT;
