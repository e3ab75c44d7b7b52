package uk.nhs.homefirst.harness;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real test broker (see {@link SharedInfrastructure}). Attach it
 * with {@code @WithTestResource(value = KafkaTestResource.class, parallel = true)}.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedInfrastructure.kafkaBootstrapServers());
    }

    @Override
    public void stop() {
        // The broker is shared by every application the test JVM starts; it stops with the JVM.
    }
}
