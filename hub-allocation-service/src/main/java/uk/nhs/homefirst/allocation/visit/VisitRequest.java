package uk.nhs.homefirst.allocation.visit;

/**
 * Hub staff record a visit. Every field is text here, so that each one can be judged and reported
 * on its own.
 *
 * @param referralId the referral's id, a UUID
 * @param visitedAt  when the visit took place, an ISO-8601 instant with an offset
 * @param outcome    ATTENDED, PATIENT_NOT_AT_HOME, PATIENT_DECLINED or CANCELLED
 */
public record VisitRequest(String referralId, String visitedAt, String outcome) {
}
