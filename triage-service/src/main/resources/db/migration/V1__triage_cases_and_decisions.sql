-- The Locality Decision Unit's record. Operational facts only: no NHS number, name, date of birth,
-- full postcode or phone. Those stay on the referrals topic and in referral-service's database.

-- One case per referral, from its ReferralReceived.
CREATE TABLE triage_case (
    referral_id           UUID        PRIMARY KEY,
    received_at           TIMESTAMPTZ NOT NULL,
    source                TEXT        NOT NULL,
    requested_urgency     TEXT        NOT NULL,
    clinical_needs        TEXT[]      NOT NULL,
    postcode_district     TEXT,
    gp_practice_ods_code  TEXT,
    recorded_at           TIMESTAMPTZ NOT NULL,
    cancelled_at          TIMESTAMPTZ,
    cancellation_reason   TEXT,
    -- The number of the current decision; the next one is decision_count + 1.
    decision_count        INTEGER     NOT NULL DEFAULT 0
);

-- The triage queue: open cases, oldest first.
CREATE INDEX triage_case_open ON triage_case (received_at, referral_id) WHERE cancelled_at IS NULL;

-- Every decision of a case, each a version: the rules make decision 1, clinicians the later ones.
CREATE TABLE triage_decision (
    decision_id      UUID        PRIMARY KEY,
    referral_id      UUID        NOT NULL REFERENCES triage_case (referral_id),
    decision_number  INTEGER     NOT NULL CHECK (decision_number >= 1),
    decided_at       TIMESTAMPTZ NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    pathway          TEXT        NOT NULL,
    standard         TEXT,
    decided_by       TEXT        NOT NULL,
    rule             TEXT        NOT NULL,
    CONSTRAINT triage_decision_version UNIQUE (referral_id, decision_number)
);

CREATE INDEX triage_decision_by_pathway ON triage_decision (pathway, referral_id);

-- A ReferralCancelled that arrived before its ReferralReceived. Kept until the referral arrives,
-- which then creates its case as cancelled, without a decision.
CREATE TABLE early_cancellation (
    referral_id          UUID        PRIMARY KEY,
    cancelled_at         TIMESTAMPTZ NOT NULL,
    cancellation_reason  TEXT        NOT NULL,
    recorded_at          TIMESTAMPTZ NOT NULL
);
