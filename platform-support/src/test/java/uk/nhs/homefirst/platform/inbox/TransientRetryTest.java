package uk.nhs.homefirst.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    /** A clock that moves only when the retry sleeps. */
    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicInteger transactions = new AtomicInteger();

    private TransientRetry retry() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new TransientRetry(work -> {
            transactions.incrementAndGet();
            work.run();
        }, clock, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1), pause -> {
            pauses.add(pause);
            now = now.plus(pause);
        });
    }

    @Test
    void aFailureThatPassesIsRetriedInANewTransactionWithGrowingPauses() {
        AtomicInteger attempts = new AtomicInteger();

        retry().inTransaction("an event", () -> {
            if (attempts.incrementAndGet() < 6) {
                throw new IllegalStateException("database unavailable");
            }
        });

        assertThat(attempts).hasValue(6);
        assertThat(transactions).hasValue(6);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(8));
    }

    @Test
    void aPoisonRecordIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry().inTransaction("an event", () -> {
            attempts.incrementAndGet();
            throw new PoisonRecordException("the data is not valid JSON");
        })).isInstanceOf(PoisonRecordException.class);

        assertThat(attempts).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aFailureThatLastsGivesUpAfterTheLimitSoTheRecordGoesToTheDeadLetterTopic() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry().inTransaction("an event", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database unavailable");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("gave up applying an event");

        assertThat(pauses.stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(attempts.get()).isGreaterThan(5);
    }
}
