package uk.nhs.homefirst.monitor.clock;

/** What closed an excluded clock. */
public enum ExclusionReason {
    CANCELLED,
    RETRIAGED
}
