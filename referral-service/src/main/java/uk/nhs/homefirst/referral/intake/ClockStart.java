package uk.nhs.homefirst.referral.intake;

import java.time.Duration;
import java.time.Instant;

/**
 * Which time a referral's response clock starts at. A referrer may state an earlier time, for
 * example that of a phone call typed in later: it is accepted when it is not in the future and
 * not older than {@code maxBackdating}. Otherwise the clock starts when the service recorded the
 * referral. Both times are kept.
 */
public record ClockStart(Instant receivedAt, Instant recordedAt, Instant statedReceivedAt, Rejection rejection) {

    /** Why a stated time was not taken as the clock start. */
    public enum Rejection {
        IN_THE_FUTURE,
        OLDER_THAN_ALLOWED
    }

    public static ClockStart decide(Instant statedReceivedAt, Instant recordedAt, Duration maxBackdating) {
        if (statedReceivedAt == null) {
            return new ClockStart(recordedAt, recordedAt, null, null);
        }
        if (statedReceivedAt.isAfter(recordedAt)) {
            return new ClockStart(recordedAt, recordedAt, statedReceivedAt, Rejection.IN_THE_FUTURE);
        }
        if (statedReceivedAt.isBefore(recordedAt.minus(maxBackdating))) {
            return new ClockStart(recordedAt, recordedAt, statedReceivedAt, Rejection.OLDER_THAN_ALLOWED);
        }
        return new ClockStart(statedReceivedAt, recordedAt, statedReceivedAt, null);
    }

    public boolean statedTimeAccepted() {
        return statedReceivedAt != null && rejection == null;
    }
}
