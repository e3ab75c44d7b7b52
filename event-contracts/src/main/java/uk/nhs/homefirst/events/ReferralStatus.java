package uk.nhs.homefirst.events;

/**
 * Where a referral stands for its referrer, furthest stage first: CANCELLED (final), VISITED (a visit
 * saw the patient), DECLINED (the decision that stands is NOT_ACCEPTED), ALLOCATED, TRIAGED, RECEIVED.
 */
public enum ReferralStatus {
    RECEIVED,
    TRIAGED,
    DECLINED,
    ALLOCATED,
    VISITED,
    CANCELLED
}
