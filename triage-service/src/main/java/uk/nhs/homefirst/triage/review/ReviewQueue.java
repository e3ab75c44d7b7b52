package uk.nhs.homefirst.triage.review;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * Which cases need a person, and when each breaches. Plain Java: {@code store/TriageQueue} applies the
 * same conditions in SQL, and {@code ReviewQueueIT} shows the two agree.
 */
public final class ReviewQueue {

    /** How long after receipt each standard breaches, as the target monitor counts it by default. */
    public static final Map<ResponseStandard, Duration> DEADLINES = Collections.unmodifiableMap(new EnumMap<>(Map.of(
            ResponseStandard.TWO_HOUR, Duration.ofHours(2),
            ResponseStandard.TWO_DAY, Duration.ofHours(48),
            ResponseStandard.EIGHTEEN_WEEK, Duration.ofDays(18 * 7))));

    /**
     * The state of a case that decides whether it is on the queue.
     *
     * @param currentToConfirm the current decision was made by a rule row a clinician must confirm
     * @param currentBedTypeNeeded the current decision is BED_BASED with no bed type (the rules')
     */
    public record State(Instant receivedAt, boolean cancelled, String ldu, int decisionCount, boolean currentToConfirm,
            String reviewCause, boolean currentBedTypeNeeded) {

        public State(Instant receivedAt, boolean cancelled, String ldu, int decisionCount, boolean currentToConfirm,
                String reviewCause) {
            this(receivedAt, cancelled, ldu, decisionCount, currentToConfirm, reviewCause, false);
        }
    }

    private ReviewQueue() {
    }

    /** Why the case is on the queue at {@code now}; empty when nobody needs to act on it. */
    public static List<ReviewReason> reasons(State state, Instant now, Duration undecidedAfter) {
        List<ReviewReason> reasons = new ArrayList<>();
        if (state.cancelled()) {
            return reasons;
        }
        if (state.reviewCause() != null) {
            reasons.add(ReviewReason.valueOf(state.reviewCause()));
        }
        if (state.ldu() == null) {
            reasons.add(ReviewReason.UNROUTED);
        }
        if (state.decisionCount() > 0 && state.currentToConfirm()) {
            reasons.add(ReviewReason.RULES_DEFAULT);
        }
        if (state.decisionCount() > 0 && state.currentBedTypeNeeded()) {
            reasons.add(ReviewReason.BED_TYPE_NEEDED);
        }
        if (state.decisionCount() == 0 && state.receivedAt().isBefore(now.minus(undecidedAfter))) {
            reasons.add(ReviewReason.WAITING_TOO_LONG);
        }
        return reasons;
    }

    /** When a referral received at {@code receivedAt} on this standard breaches; empty without a standard. */
    public static Optional<Instant> breachesAt(Instant receivedAt, ResponseStandard standard) {
        return standard == null ? Optional.empty() : Optional.of(receivedAt.plus(DEADLINES.get(standard)));
    }
}
