package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * One response clock of a referral, as its events decide it. Nothing here depends on when it is
 * looked at, except one thing: a clock that no event settled breaches when its deadline passes.
 * {@link #status(Instant)} and friends apply that rule, so that a breach counts from the deadline
 * itself, without waiting for anything to arrive.
 *
 * @param sequence      1 for the clock of the first triage decision, then 2, 3 for clocks a re-triage started
 * @param stoppedAt     the first attended visit at or after the start, or null
 * @param settled       MET or EXCLUDED when events settled the clock, or null when only time can (a breach)
 * @param settledAt     when it was settled: the stopping visit, or the cancellation or re-triage that excluded it
 * @param settledHub    the hub holding the referral at {@code settledAt}
 * @param hubAtDeadline the hub holding the referral at the deadline: a breach counts for it
 * @param currentHub    the hub holding the referral now: a pending clock counts for it
 * @param pathway       the pathway of the latest decision while it ran (null when the decision did not say)
 */
public record ResponseClock(
        String referralId,
        int sequence,
        ResponseStandard standard,
        Instant startedAt,
        Instant deadline,
        Instant stoppedAt,
        ClockStatus settled,
        Instant settledAt,
        ExclusionReason exclusionReason,
        String settledHub,
        String hubAtDeadline,
        String currentHub,
        Pathway pathway) {

    /** The hub bucket of a referral no hub held at the time. */
    public static final String UNALLOCATED = "UNALLOCATED";

    public String clockId() {
        return referralId + "/" + sequence;
    }

    public ClockStatus status(Instant now) {
        if (settled != null) {
            return settled;
        }
        return deadline.isAfter(now) ? ClockStatus.PENDING : ClockStatus.BREACHED;
    }

    /** When the clock resolved: its stop, its exclusion or its deadline; null while pending. */
    public Instant resolvedAt(Instant now) {
        if (settled != null) {
            return settledAt;
        }
        return deadline.isAfter(now) ? null : deadline;
    }

    /** The hub the clock counts for: the one holding the referral at resolution, or now while pending. */
    public String hub(Instant now) {
        if (settled != null) {
            return settledHub;
        }
        return deadline.isAfter(now) ? currentHub : hubAtDeadline;
    }
}
