-- The referrals as received. This database and the referrals topic are the only places of the
-- platform that hold patient identifiers.
CREATE TABLE referral (
    id                   UUID        PRIMARY KEY,
    received_at          TIMESTAMPTZ NOT NULL,
    recorded_at          TIMESTAMPTZ NOT NULL,
    stated_received_at   TIMESTAMPTZ,
    source               TEXT        NOT NULL,
    source_system        TEXT,
    source_referral_id   TEXT,
    requested_urgency    TEXT        NOT NULL,
    clinical_needs       TEXT[]      NOT NULL,
    reason_text          TEXT        NOT NULL,
    snomed_code          TEXT,
    nhs_number           CHAR(10)    NOT NULL,
    given_name           TEXT        NOT NULL,
    family_name          TEXT        NOT NULL,
    date_of_birth        DATE        NOT NULL,
    postcode             TEXT        NOT NULL,
    postcode_district    TEXT        NOT NULL,
    gp_practice_ods_code TEXT        NOT NULL,
    phone                TEXT,
    referrer_ods_code    TEXT        NOT NULL,
    referrer_role        TEXT        NOT NULL,
    referrer_name        TEXT        NOT NULL,
    status               TEXT        NOT NULL
);

-- A referrer's system retrying the same referral is recognised by its own reference.
CREATE UNIQUE INDEX referral_source_reference ON referral (source_system, source_referral_id)
    WHERE source_system IS NOT NULL;
CREATE INDEX referral_by_referrer ON referral (referrer_ods_code, received_at);
