-- The FHIR search by the patient's NHS number (GET /fhir/ServiceRequest?patient.identifier=...),
-- always within the caller's organisations.
CREATE INDEX referral_by_nhs_number ON referral (nhs_number, referrer_ods_code);
