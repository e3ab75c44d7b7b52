package uk.nhs.homefirst.referral.intake;

/**
 * What a hospital says of a discharge-to-assess patient's discharge: all text but the pathway, so
 * that every field is judged and reported at once.
 *
 * @param status       DISCHARGED (the patient left), POSTPONED (a later expected date) or CANCELLED
 *                     (the planned discharge will not happen then)
 * @param dischargedAt when the patient left, for DISCHARGED; defaults to now
 * @param pathway      the discharge pathway 0 to 3, for DISCHARGED; defaults to the one stated at referral
 * @param expectedDate the new expected date, required for POSTPONED, optional for CANCELLED
 */
public record DischargeRequest(String status, String dischargedAt, Integer pathway, String expectedDate) {
}
