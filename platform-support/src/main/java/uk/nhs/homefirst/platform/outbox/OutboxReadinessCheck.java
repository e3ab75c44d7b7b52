package uk.nhs.homefirst.platform.outbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness for a service whose writes go through the outbox. Such a service can accept work while
 * Kafka is down, since the outbox keeps every event until the broker takes it; so, unlike a plain
 * Kafka check, this one stays UP while the broker is unreachable, and reports it. It goes DOWN only
 * when the oldest unpublished event is older than {@code homefirst.outbox.readiness-max-lag}
 * (5 minutes by default): then the relay is not keeping up, or not running, and an orchestrator
 * should stop sending this instance work and someone should look.
 *
 * <p>Off unless the service sets the build property {@code homefirst.outbox-readiness.enabled=true};
 * such a service also turns off {@code quarkus.kafka.health.enabled}, which would take it out of
 * service whenever the broker is down.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "homefirst.outbox-readiness.enabled", stringValue = "true")
public class OutboxReadinessCheck implements HealthCheck {

    static final String NAME = "Outbox relay to Kafka";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** Probes come every few seconds from each orchestrator; one look at the broker serves them all for a while. */
    private static final Duration PROBE_CACHE = Duration.ofSeconds(2);

    private final OutboxRelay relay;
    private final OutboxConfig config;
    private final Clock clock;
    private final Map<String, Object> kafkaConfig;
    private Admin admin;
    private Instant probedAt;
    private boolean reachable;

    OutboxReadinessCheck(OutboxRelay relay, OutboxConfig config, Clock clock,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.relay = relay;
        this.config = config;
        this.clock = clock;
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("kafka", kafkaReachable() ? "reachable" : "unreachable")
                .withData("maxLagSeconds", config.readinessMaxLag().toSeconds());
        OutboxRelay.Backlog backlog;
        try {
            backlog = relay.readBacklog();
        } catch (Exception e) {
            return response.withData("backlog", "unknown: the database did not answer").down().build();
        }
        Duration lag = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), clock.instant());
        if (lag.isNegative()) {
            lag = Duration.ZERO;
        }
        response.withData("backlog", backlog.count()).withData("oldestUnpublishedAgeSeconds", lag.toSeconds());
        if (backlog.oldest() != null) {
            response.withData("oldestUnpublishedAt", backlog.oldest().toString());
        }
        return response.status(lag.compareTo(config.readinessMaxLag()) <= 0).build();
    }

    private synchronized boolean kafkaReachable() {
        Instant now = Instant.now();
        if (probedAt != null && Duration.between(probedAt, now).compareTo(PROBE_CACHE) < 0) {
            return reachable;
        }
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            reachable = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
        } catch (Exception e) {
            reachable = false;
        }
        probedAt = Instant.now();
        return reachable;
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>();
            kafkaConfig.forEach((name, value) -> {
                if (AdminClientConfig.configNames().contains(name)) {
                    properties.put(name, value);
                }
            });
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "outbox-readiness-" + config.source().replace('/', '-'));
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
            properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
            admin = Admin.create(properties);
        }
        return admin;
    }

    synchronized void close(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
