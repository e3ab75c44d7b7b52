package uk.nhs.homefirst.monitor.clock;

/** What closed an excluded clock. */
public enum ExclusionReason {
    CANCELLED,
    RETRIAGED,
    /** Hub staff closed the referral's episode with an outcome while the clock was open. */
    EPISODE_CLOSED
}
