package uk.nhs.homefirst.allocation.visit;

/**
 * Hub staff record a visit. Every field is text here, so that each one can be judged and reported
 * on its own.
 *
 * @param referralId    the referral's id, a UUID
 * @param visitedAt     when the visit took place, an ISO-8601 instant with an offset
 * @param outcome       ATTENDED, PATIENT_NOT_AT_HOME, PATIENT_DECLINED or CANCELLED
 * @param contactType   IN_PERSON, TELEPHONE or VIDEO
 * @param staffRole     NURSE, THERAPIST, SUPPORT_WORKER or SOCIAL_CARE
 * @param sourceVisitId the hub system's own id of the visit, optional: a retry with it records nothing new
 */
public record VisitRequest(String referralId, String visitedAt, String outcome, String contactType, String staffRole,
        String sourceVisitId) {

    /** A visit as recorded before contact types and roles: tests of the fields that were there. */
    public VisitRequest(String referralId, String visitedAt, String outcome) {
        this(referralId, visitedAt, outcome, "IN_PERSON", "NURSE", null);
    }
}
