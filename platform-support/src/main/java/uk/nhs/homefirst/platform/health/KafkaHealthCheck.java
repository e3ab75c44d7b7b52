package uk.nhs.homefirst.platform.health;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The broker answers: a cluster description within a second. Answers within a second and a half
 * whatever the broker does, frozen included (see {@link BoundedProbe}); it replaces the Kafka
 * client extension's check ({@code quarkus.kafka.health.enabled=false}), which waits a minute for a
 * broker that does not answer. A readiness check, or a wellness check where Kafka is not needed to
 * be ready (build property {@code homefirst.health.messaging}, as for the consumers' check).
 */
@ApplicationScoped
public class KafkaHealthCheck {

    static final String NAME = "Kafka";
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Map<String, Object> kafkaConfig;
    private final BoundedProbe probe = new BoundedProbe(NAME, Duration.ofMillis(1500), Duration.ofSeconds(1));
    private Admin admin;

    KafkaHealthCheck(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    Uni<HealthCheckResponse> check() {
        return probe.check(response -> {
            int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 200, TimeUnit.MILLISECONDS).size();
            response.withData("nodes", nodes);
        });
    }

    @Produces
    @Readiness
    @Singleton
    @IfBuildProperty(name = "homefirst.health.messaging", stringValue = "readiness", enableIfMissing = true)
    AsyncHealthCheck forReadiness() {
        return this::check;
    }

    @Produces
    @Wellness
    @Singleton
    @IfBuildProperty(name = "homefirst.health.messaging", stringValue = "wellness")
    AsyncHealthCheck forWellness() {
        return this::check;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>();
            kafkaConfig.forEach((name, value) -> {
                if (AdminClientConfig.configNames().contains(name)) {
                    properties.put(name, value);
                }
            });
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "health");
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
            admin = Admin.create(properties);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        probe.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
