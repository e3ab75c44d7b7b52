package uk.nhs.homefirst.platform.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import uk.nhs.homefirst.platform.health.BoundedProbe;

/**
 * Readiness for a service whose writes go through the outbox. Such a service can accept work while
 * Kafka is down, since the outbox keeps every event until the broker takes it; so this check stays
 * UP while the broker is unreachable (the Kafka check, a wellness check in such a service, shows
 * that). It goes DOWN only when the oldest unpublished event is older than
 * {@code homefirst.outbox.readiness-max-lag} (5 minutes by default): then the relay is not keeping
 * up, or not running, and an orchestrator should stop sending this instance work and someone should
 * look. It answers within a second and a half whatever the database does.
 *
 * <p>Off unless the service sets the build property {@code homefirst.outbox-readiness.enabled=true}.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "homefirst.outbox-readiness.enabled", stringValue = "true")
public class OutboxReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "Outbox relay to Kafka";

    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final Clock clock;
    private final BoundedProbe probe = new BoundedProbe(NAME, Duration.ofMillis(1500), Duration.ofSeconds(1));

    OutboxReadinessCheck(OutboxRelay relay, OutboxConfig config, Clock clock) {
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return probe.check(response -> {
            OutboxRelay.Backlog backlog = relay.readBacklog();
            Duration lag = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), clock.instant());
            if (lag.isNegative()) {
                lag = Duration.ZERO;
            }
            response.withData("backlog", backlog.count())
                    .withData("oldestUnpublishedAgeSeconds", lag.toSeconds())
                    .withData("maxLagSeconds", config.readinessMaxLag().toSeconds());
            if (backlog.oldest() != null) {
                response.withData("oldestUnpublishedAt", backlog.oldest().toString());
            }
            if (lag.compareTo(config.readinessMaxLag()) > 0) {
                throw new IllegalStateException("the oldest unpublished event is older than the maximum lag");
            }
        });
    }

    @PreDestroy
    void close() {
        probe.close();
    }
}
