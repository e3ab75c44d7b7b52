package uk.nhs.homefirst.events;

/**
 * A response standard: the promise whose clock target-monitor-service counts. The durations, at-risk
 * margins and alert thresholds are configuration of the target monitor, not part of the contract.
 */
public enum ResponseStandard {
    /** Urgent community crisis response: first attended visit within 2 hours. */
    TWO_HOUR,
    /** Reablement or end-of-life care started within 2 days (48 hours by default). */
    TWO_DAY,
    /** Planned therapy: at most 18 weeks' wait. */
    EIGHTEEN_WEEK
}
