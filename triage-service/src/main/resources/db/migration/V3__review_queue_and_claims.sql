-- The review queue is a work list: a case is on it only while a person must act (see the README).
-- A clinician claims a case before deciding it, so that two never decide the same one; a claim ends
-- by a decision, a release or its expiry. Null claimed_by: nobody holds it.
ALTER TABLE triage_case ADD COLUMN claimed_by TEXT;
ALTER TABLE triage_case ADD COLUMN claimed_at TIMESTAMPTZ;
ALTER TABLE triage_case ADD COLUMN claim_expires_at TIMESTAMPTZ;
-- A case a clinician sent back for review (SENT_BACK) or a decision passed to another LDU (PASSED_ON):
-- who, when and why (a reason code), until the next decision.
ALTER TABLE triage_case ADD COLUMN review_cause TEXT;
ALTER TABLE triage_case ADD COLUMN review_requested_at TIMESTAMPTZ;
ALTER TABLE triage_case ADD COLUMN review_requested_by TEXT;
ALTER TABLE triage_case ADD COLUMN review_reason TEXT;

-- Which decision each one replaced, and the rule or reason code that one had: a clinician's decision
-- names the rules' decision it overrode. Null for decision 1.
ALTER TABLE triage_decision ADD COLUMN replaces_decision INTEGER;
ALTER TABLE triage_decision ADD COLUMN replaces_rule TEXT;
UPDATE triage_decision d
   SET replaces_decision = p.decision_number, replaces_rule = p.rule
  FROM triage_decision p
 WHERE p.referral_id = d.referral_id AND p.decision_number = d.decision_number - 1;

-- The open cases by their current decision: the queue's filter joins each case to it.
CREATE INDEX triage_case_needs_review ON triage_case (received_at, referral_id)
    WHERE cancelled_at IS NULL AND (review_cause IS NOT NULL OR ldu IS NULL OR decision_count = 0);
