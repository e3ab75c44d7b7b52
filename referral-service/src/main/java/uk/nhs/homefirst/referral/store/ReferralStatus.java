package uk.nhs.homefirst.referral.store;

/**
 * Where a referral stands, as the referrer sees it. {@code status.Progress} decides it from the
 * referral's milestones; the precedence is CANCELLED, VISITED, ALLOCATED, TRIAGED, RECEIVED.
 */
public enum ReferralStatus {
    RECEIVED,
    TRIAGED,
    ALLOCATED,
    VISITED,
    CANCELLED
}
