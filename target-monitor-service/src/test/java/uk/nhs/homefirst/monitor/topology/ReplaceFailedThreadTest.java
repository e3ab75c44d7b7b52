package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ReplaceFailedThreadTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T03:00:00Z"));
    private final ReplaceFailedThread handler = new ReplaceFailedThread(new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    });

    @Test
    void aThreadThatDiedOfABrokerThatDidNotAnswerIsReplacedNotTheClientShutDown() {
        assertThat(handler.handle(new InvalidTxnStateException("the broker did not answer in time")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void aThreadThatKeepsDyingShutsTheClientDownSoThatLivenessSaysSo() {
        for (int i = 0; i < ReplaceFailedThread.LIMIT; i++) {
            assertThat(handler.handle(new IllegalStateException("a fault no new thread mends")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.set(now.get().plusSeconds(10));
        }
        assertThat(handler.handle(new IllegalStateException("once more"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void deathsOlderThanTheWindowAreForgotten() {
        for (int i = 0; i < ReplaceFailedThread.LIMIT; i++) {
            handler.handle(new IllegalStateException("a passing fault"));
        }
        now.set(now.get().plus(ReplaceFailedThread.WINDOW).plus(Duration.ofSeconds(1)));
        assertThat(handler.handle(new IllegalStateException("another, much later")))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
