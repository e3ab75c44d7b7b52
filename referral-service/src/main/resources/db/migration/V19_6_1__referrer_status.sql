-- Issue 19.6: the referrer hears back. Why the LDU declined (the decision's reason code), and when the
-- referral's status last changed, with a count of the changes announced (ReferralStatusChanged's
-- sequence, the Task's version).
ALTER TABLE referral_timeline ADD COLUMN reason_code TEXT;
ALTER TABLE referral ADD COLUMN status_changed_at TIMESTAMPTZ;
ALTER TABLE referral ADD COLUMN status_sequence   INTEGER NOT NULL DEFAULT 0;
-- A referrer's referrals by status (GET /api/referrals?status=, GET /fhir/Task?status=).
CREATE INDEX referral_by_referrer_status ON referral (referrer_ods_code, status, received_at);
