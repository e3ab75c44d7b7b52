package uk.nhs.homefirst.platform.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A health check that answers within its budget whatever its dependency does. */
class BoundedProbeTest {

    private final BoundedProbe probe = new BoundedProbe("Database", Duration.ofMillis(300), Duration.ofMillis(100));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        probe.close();
    }

    private HealthCheckResponse check(BoundedProbe.Look look) {
        return probe.check(look).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aDependencyThatAnswersIsUpWithWhatTheLookFound() {
        HealthCheckResponse response = check(r -> r.withData("answeredInMs", 3));

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData().orElseThrow()).containsEntry("answeredInMs", 3L);
    }

    @Test
    void aDependencyThatDoesNotAnswerIsDownWithinTheBudgetAndHoldsOneLookOnly() {
        AtomicInteger looks = new AtomicInteger();
        BoundedProbe.Look frozen = r -> {
            looks.incrementAndGet();
            release.await(30, TimeUnit.SECONDS);
        };

        for (int i = 0; i < 3; i++) {
            Instant asked = Instant.now();
            HealthCheckResponse response = check(frozen);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(1));
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow().get("error").toString()).startsWith("no answer within 300 ms");
        }
        assertThat(looks).as("one look in flight, however often asked").hasValue(1);
    }

    @Test
    void aFailedLookIsDownNamingTheKindOfFailureOnly() {
        HealthCheckResponse response = check(r -> {
            throw new java.sql.SQLException("password authentication failed for user 9434765919");
        });

        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData().orElseThrow()).containsEntry("error", "SQLException");
    }

    @Test
    void aLookThatIsDoneAtOnceIsAnsweredEveryTime() {
        // The look may complete before its caller reads it back; every caller still gets its answer.
        for (int i = 0; i < 2_000; i++) {
            assertThat(check(r -> { }).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        }
    }
}
