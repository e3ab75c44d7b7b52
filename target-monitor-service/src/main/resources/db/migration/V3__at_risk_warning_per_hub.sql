-- A clock at risk is announced once to each hub it is attributed to while at risk: a referral
-- warned as UNALLOCATED and then allocated, still at risk, is announced to its hub too, whose
-- staff would otherwise never hear of it. Whichever instance sees it first announces it.
ALTER TABLE at_risk_warning DROP CONSTRAINT at_risk_warning_pkey;
ALTER TABLE at_risk_warning ADD PRIMARY KEY (referral_id, clock_number, hub_id);
