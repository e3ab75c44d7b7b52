package uk.nhs.homefirst.events;

/**
 * Where a referral stands for its referrer, furthest stage first: CANCELLED or CLOSED (final: whichever
 * came first), VISITED (a visit saw the patient), DECLINED (the decision that stands is NOT_ACCEPTED),
 * SENT_BACK (the hub sent it back to its LDU: no hub holds it until the LDU allocates it again), ALLOCATED,
 * TRIAGED, RECEIVED. CLOSED was added in 1.6.0 of the AsyncAPI document, SENT_BACK in 1.10.0, within v1.
 */
public enum ReferralStatus {
    RECEIVED,
    TRIAGED,
    DECLINED,
    ALLOCATED,
    VISITED,
    CANCELLED,
    /** Hub staff closed the referral's episode of care with an outcome (EpisodeClosed). */
    CLOSED,
    /** The hub holding it sent it back to its LDU (ReferralSentBack), with a SendBackReason code. */
    SENT_BACK
}
