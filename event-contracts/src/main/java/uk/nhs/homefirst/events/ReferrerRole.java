package uk.nhs.homefirst.events;

/** The professional role of the person who made the referral. */
public enum ReferrerRole {
    GP,
    NURSE,
    PARAMEDIC,
    HOSPITAL_DOCTOR,
    THERAPIST,
    SOCIAL_WORKER,
    CARE_HOME_STAFF,
    CALL_HANDLER,
    PATIENT_OR_CARER,
    OTHER
}
