-- The Locality Decision Unit each referral is routed to, by the patient's postcode district (the
-- table ldu/districts.csv), or by a decision that passes it on. Null: no route covers it, and only
-- admin sees it until a decision routes it. Cases triaged before this version have none either.
ALTER TABLE triage_case ADD COLUMN ldu TEXT;
-- The LDU each decision routed the referral to, as its ReferralTriaged announced.
ALTER TABLE triage_decision ADD COLUMN ldu TEXT;

-- An LDU's queue: its open cases, oldest first.
CREATE INDEX triage_case_open_by_ldu ON triage_case (ldu, received_at, referral_id) WHERE cancelled_at IS NULL;
