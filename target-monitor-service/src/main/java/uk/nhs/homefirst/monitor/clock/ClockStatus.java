package uk.nhs.homefirst.monitor.clock;

/** Where a response clock stands. */
public enum ClockStatus {
    /** Running: no attended visit yet and the deadline not passed. */
    PENDING,
    /** Stopped by an attended visit at or before the deadline. */
    MET,
    /** The deadline passed without an attended visit. */
    BREACHED,
    /** Closed before its deadline by a cancellation or a re-triage onto another standard; never in the percentage. */
    EXCLUDED
}
