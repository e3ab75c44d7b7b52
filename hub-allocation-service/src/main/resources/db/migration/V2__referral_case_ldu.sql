-- The Locality Decision Unit the referral's newest triage decision routed it to (ldu of
-- ReferralTriaged), or null: its clinicians may read where it stands and allocate it by hand.
ALTER TABLE referral_case ADD COLUMN ldu TEXT;

-- An LDU's referrals waiting for a hub.
CREATE INDEX referral_case_unallocated_by_ldu ON referral_case (ldu, received_at)
    WHERE hub_id IS NULL AND cancelled_at IS NULL AND pathway <> 'NOT_ACCEPTED';
