package uk.nhs.homefirst.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Which consumers cannot make progress now, and since when: a consumer waiting out a fault of a
 * dependency is here until an attempt succeeds. The health check "Event consumers" reports it.
 */
@ApplicationScoped
public class ConsumerProgress {

    static final String CHECK = "Event consumers";

    /** A consumer stuck on the same records: since when, how many attempts, and the last failure's kind. */
    public record Stall(Instant since, int attempts, String failure) {
    }

    private final Clock clock;
    private final Map<String, Stall> stalled = new ConcurrentHashMap<>();

    ConsumerProgress(Clock clock) {
        this.clock = clock;
    }

    void failed(String consumer, int attempt, String failure) {
        stalled.compute(consumer, (name, stall) -> new Stall(stall == null ? clock.instant() : stall.since(),
                attempt, failure));
    }

    void progressed(String consumer) {
        stalled.remove(consumer);
    }

    /** The consumers that cannot make progress now. */
    public Map<String, Stall> stalled() {
        return Map.copyOf(stalled);
    }

    /** DOWN while any consumer cannot make progress, naming each with what stops it. */
    public HealthCheckResponse check() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(CHECK);
        Map<String, Stall> now = stalled();
        now.forEach((consumer, stall) -> response.withData(consumer, "retrying since " + stall.since() + " ("
                + stall.attempts() + " attempts; last: " + stall.failure() + ")"));
        return response.status(now.isEmpty()).build();
    }
}
