package uk.nhs.homefirst.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * The four services as built jars, each its own process, on the shared test broker and PostgreSQL
 * server: started once for every end-to-end test of the JVM, and stopped with it.
 */
final class Platform {

    static final List<String> SERVICES = List.of("referral-service", "triage-service", "hub-allocation-service",
            "target-monitor-service");
    private static final Map<String, String> DATABASES = Map.of("referral-service", "e2e_referral",
            "triage-service", "e2e_triage", "hub-allocation-service", "e2e_hub_allocation");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path LOGS = Path.of("target", "e2e-logs").toAbsolutePath();
    private static Map<String, ServiceProcess> running;

    private Platform() {
    }

    /** The running services by name, started on the first call. */
    static synchronized Map<String, ServiceProcess> services() {
        if (running == null) {
            running = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> running.values().forEach(ServiceProcess::stop)));
        }
        return running;
    }

    static String baseUrl(String service) {
        return services().get(service).baseUrl();
    }

    private static Map<String, ServiceProcess> start() {
        String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
        PostgresServer postgres = SharedInfrastructure.postgres();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        for (String service : SERVICES) {
            String database = DATABASES.get(service);
            if (database == null) {
                // The target monitor has no database: its state is in Kafka Streams' stores, in a folder of its own.
                services.put(service, ServiceProcess.of(ROOT, service, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "KAFKA_STREAMS_STATE_DIR", LOGS.resolveSibling("e2e-monitor-state-" + System.nanoTime()).toString()),
                        LOGS));
                continue;
            }
            postgres.dropDatabase(database);
            postgres.createDatabase(database);
            services.put(service, ServiceProcess.of(ROOT, service, Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", postgres.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", postgres.password()), LOGS));
        }
        CompletableFuture.allOf(services.values().stream()
                .map(service -> CompletableFuture.runAsync(() -> service.start(Duration.ofMinutes(3))))
                .toArray(CompletableFuture[]::new)).join();
        services.values().forEach(service -> System.out.printf("%-24s ready in %5d ms, resident memory %6d MiB%n",
                service.name(), service.startUp().toMillis(), service.residentKiB() / 1024));
        return services;
    }

    /** A count from a service's own database, as only the service itself sees it. */
    static long count(String service, String sql, Object... parameters) {
        PostgresServer postgres = SharedInfrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(DATABASES.get(service)),
                postgres.username(), postgres.password());
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query the database of " + service, e);
        }
    }
}
