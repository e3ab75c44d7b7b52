package uk.nhs.homefirst.events;

/** Where a response clock stands, as ResponseClockChanged tells it. */
public enum ResponseClockStatus {
    /** Running: no attended in-person visit yet and the deadline not passed. */
    PENDING,
    /** Stopped by an attended in-person visit at or before the deadline. */
    MET,
    /** The deadline passed without an attended visit. */
    BREACHED,
    /** Closed before its deadline by a cancellation, a closed episode or a re-triage; never in a percentage. */
    EXCLUDED
}
