package uk.nhs.homefirst.referral.store;

/**
 * Where a referral stands, as the referrer sees it. {@code status.Progress} decides it from the
 * referral's milestones; the precedence is CANCELLED or CLOSED (whichever came first), SENT_BACK (or
 * DECLINED by the LDU after it), VISITED, DECLINED, ALLOCATED, TRIAGED, RECEIVED.
 */
public enum ReferralStatus {
    RECEIVED,
    TRIAGED,
    /** The decision that stands is NOT_ACCEPTED: the LDU declined it, with a reason code. */
    DECLINED,
    ALLOCATED,
    VISITED,
    CANCELLED,
    /** Hub staff closed the episode of care, with an outcome and its date. */
    CLOSED,
    /** The hub holding it sent it back to its LDU, with a reason code: no hub holds it until the LDU allocates it again. */
    SENT_BACK
}
