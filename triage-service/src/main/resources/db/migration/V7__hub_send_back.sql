-- A hub sent the referral back to the LDU (HUB_SENT_BACK): the hub's id beside the review's who, when
-- and reason code, until the next decision. Null for every other review.
ALTER TABLE triage_case ADD COLUMN review_hub_id TEXT;
