-- Issue 16: who may read a referral. The Locality Decision Unit a triage decision routed the
-- referral to; its clinicians may read the referral's detail. Null for decisions of a triage that
-- routed to none.
ALTER TABLE referral_timeline ADD COLUMN ldu TEXT;
