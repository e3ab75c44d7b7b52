package uk.nhs.homefirst.allocation.visit;

/**
 * Hub staff void a visit ({@code reason} only) or correct it: each field given replaces the
 * visit's, each left out keeps it. Text, so that each field is judged and named on its own.
 *
 * @param reason     why, a code: ENTERED_IN_ERROR, DUPLICATE, DID_NOT_TAKE_PLACE, WRONG_REFERRAL,
 *                   WRONG_TIME, WRONG_OUTCOME, WRONG_CONTACT_TYPE or WRONG_STAFF_ROLE
 * @param referralId the referral the visit belongs to, when it was recorded against the wrong one
 */
public record VisitChangeRequest(String reason, String referralId, String visitedAt, String outcome,
        String contactType, String staffRole) {

    public static VisitChangeRequest voiding(String reason) {
        return new VisitChangeRequest(reason, null, null, null, null, null);
    }
}
