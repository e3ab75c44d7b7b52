package uk.nhs.homefirst.events;

/** What happened when hub staff went to see the patient. Only ATTENDED stops a response clock. */
public enum VisitOutcome {
    ATTENDED,
    PATIENT_NOT_AT_HOME,
    PATIENT_DECLINED,
    CANCELLED
}
