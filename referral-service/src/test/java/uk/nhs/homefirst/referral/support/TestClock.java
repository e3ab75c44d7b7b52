package uk.nhs.homefirst.referral.support;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * "Now" for the tests: the system clock to the microsecond, as in production, unless a test moves it
 * ahead or stops it, to judge a boundary exactly or to let a retention period pass without waiting.
 * It replaces the platform's default clock in every bean of the application under test.
 */
@Singleton
public class TestClock extends Clock {

    private final Clock system = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozen;

    @Override
    public Instant instant() {
        Instant stopped = frozen;
        return stopped != null ? stopped : system.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        TestClock source = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return source.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }
        };
    }

    /** Stops the clock at {@code at} until {@link #reset()}. */
    public void freeze(Instant at) {
        frozen = at;
    }

    /** Moves the clock {@code by} ahead of the system clock until {@link #reset()}. */
    public void moveAhead(Duration by) {
        frozen = null;
        offset = by;
    }

    public void reset() {
        frozen = null;
        offset = Duration.ZERO;
    }
}
