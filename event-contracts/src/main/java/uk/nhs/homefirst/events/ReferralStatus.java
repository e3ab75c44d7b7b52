package uk.nhs.homefirst.events;

/**
 * Where a referral stands for its referrer, furthest stage first: CANCELLED or CLOSED (final: whichever
 * came first), VISITED (a visit saw the patient), DECLINED (the decision that stands is NOT_ACCEPTED),
 * ALLOCATED, TRIAGED, RECEIVED. CLOSED was added in 1.6.0 of the AsyncAPI document, within v1.
 */
public enum ReferralStatus {
    RECEIVED,
    TRIAGED,
    DECLINED,
    ALLOCATED,
    VISITED,
    CANCELLED,
    /** Hub staff closed the referral's episode of care with an outcome (EpisodeClosed). */
    CLOSED
}
