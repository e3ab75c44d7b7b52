package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockStartTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration BOUND = Duration.ofHours(48);

    @Test
    void withoutAStatedTimeTheClockStartsWhenTheReferralIsRecorded() {
        ClockStart start = ClockStart.decide(null, NOW, BOUND);
        assertThat(start.receivedAt()).isEqualTo(NOW);
        assertThat(start.statedReceivedAt()).isNull();
        assertThat(start.statedTimeAccepted()).isFalse();
    }

    @Test
    void aStatedTimeInThePastWithinTheBoundStartsTheClock() {
        Instant stated = NOW.minus(Duration.ofHours(3));
        ClockStart start = ClockStart.decide(stated, NOW, BOUND);
        assertThat(start.receivedAt()).isEqualTo(stated);
        assertThat(start.recordedAt()).isEqualTo(NOW);
        assertThat(start.statedTimeAccepted()).isTrue();
    }

    @Test
    void theBoundItselfIsAccepted() {
        Instant stated = NOW.minus(BOUND);
        assertThat(ClockStart.decide(stated, NOW, BOUND).receivedAt()).isEqualTo(stated);
    }

    @Test
    void aStatedTimeOlderThanTheBoundIsKeptButTheClockStartsNow() {
        Instant stated = NOW.minus(BOUND).minusMillis(1);
        ClockStart start = ClockStart.decide(stated, NOW, BOUND);
        assertThat(start.receivedAt()).isEqualTo(NOW);
        assertThat(start.statedReceivedAt()).isEqualTo(stated);
        assertThat(start.rejection()).isEqualTo(ClockStart.Rejection.OLDER_THAN_ALLOWED);
    }

    @Test
    void aStatedTimeInTheFutureIsKeptButTheClockStartsNow() {
        Instant stated = NOW.plusMillis(1);
        ClockStart start = ClockStart.decide(stated, NOW, BOUND);
        assertThat(start.receivedAt()).isEqualTo(NOW);
        assertThat(start.statedReceivedAt()).isEqualTo(stated);
        assertThat(start.rejection()).isEqualTo(ClockStart.Rejection.IN_THE_FUTURE);
    }

    @Test
    void aStatedTimeEqualToNowIsAccepted() {
        assertThat(ClockStart.decide(NOW, NOW, BOUND).statedTimeAccepted()).isTrue();
    }
}
