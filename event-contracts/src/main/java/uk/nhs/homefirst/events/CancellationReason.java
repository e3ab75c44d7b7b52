package uk.nhs.homefirst.events;

/** Why a referral was withdrawn. OTHER requires a text. */
public enum CancellationReason {
    PATIENT_ADMITTED,
    NO_LONGER_REQUIRED,
    RAISED_IN_ERROR,
    PATIENT_DECLINED,
    PATIENT_DIED,
    OTHER
}
