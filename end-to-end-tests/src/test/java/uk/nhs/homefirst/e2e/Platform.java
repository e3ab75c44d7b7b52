package uk.nhs.homefirst.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import uk.nhs.homefirst.harness.KafkaBroker;
import uk.nhs.homefirst.harness.PostgresServer;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.Sql;
import uk.nhs.homefirst.harness.identity.DemoUser;
import uk.nhs.homefirst.harness.identity.IdentityClient;
import uk.nhs.homefirst.harness.identity.IdentityProviders;
import uk.nhs.homefirst.harness.identity.RealmTemplate;

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
    private static IdentityProviders.Started identity;
    /** A token per role, as its people or systems get them from the identity provider. */
    private static final Map<String, String> TOKENS = new LinkedHashMap<>();

    private Platform() {
    }

    /** The running services by name, started on the first call. */
    static synchronized Map<String, ServiceProcess> services() {
        if (running == null) {
            running = start();
        }
        return running;
    }

    /**
     * Stops the services and the identity provider all at once, killing what has not stopped
     * within 20 s: the test JVM is given little time to exit, and what it leaves running (a Keycloak,
     * a monitor waiting for a broker that is gone) would outlive the build.
     */
    private static void stop(Map<String, ServiceProcess> services, CompletableFuture<IdentityProviders.Started> provider) {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        services.values().forEach(service -> stopping.add(CompletableFuture.runAsync(service::stop)));
        stopping.add(provider.thenAccept(started -> started.provider().close()).exceptionally(failure -> null));
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception notInTime) {
            services.values().forEach(ServiceProcess::kill);
        }
    }

    static String baseUrl(String service) {
        return services().get(service).baseUrl();
    }

    /** The identity provider the services check tokens against, once they run. */
    static synchronized IdentityProviders.Started identity() {
        services();
        return identity;
    }

    /** The demo's user of a role, made if need be, and its password: to sign in with, in a browser. */
    static synchronized DemoUser user(String role) {
        token(role);
        return DemoUser.standard(role);
    }

    /** An access token of the demo's user of a role (referrer, ldu-clinician, hub-staff, ops, admin). */
    static synchronized String token(String role) {
        services();
        return TOKENS.computeIfAbsent(role, r -> new IdentityClient(identity.provider().baseUrl())
                .tokenFor(DemoUser.standard(r), identity.provider().admin(), identity.userPassword()));
    }

    /** An access token of a user of another scope than the demo's (hub staff of another hub, say), made if need be. */
    static synchronized String token(DemoUser user) {
        services();
        return TOKENS.computeIfAbsent(user.username(), r -> new IdentityClient(identity.provider().baseUrl())
                .tokenFor(user, identity.provider().admin(), identity.userPassword()));
    }

    private static Map<String, ServiceProcess> start() {
        String bootstrap = SharedInfrastructure.kafkaBootstrapServers();
        PostgresServer postgres = SharedInfrastructure.postgres();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        // The services are configured with the provider's issuer before it runs: it starts beside them.
        int identityPort = KafkaBroker.freePort();
        String issuer = "http://127.0.0.1:" + identityPort + "/realms/" + RealmTemplate.REALM;
        String dashboardSecret = IdentityProviders.newSecret();
        for (String service : SERVICES) {
            String database = DATABASES.get(service);
            if (database == null) {
                // The target monitor has no database: its state is in Kafka Streams' stores, in a folder of its own.
                services.put(service, ServiceProcess.of(ROOT, service, withKafkaPrincipal(service, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "KAFKA_STREAMS_STATE_DIR", LOGS.resolveSibling("e2e-monitor-state-" + System.nanoTime()).toString(),
                        "HOMEFIRST_MONITOR_HUB_DIRECTORY_URL", services.get("hub-allocation-service").baseUrl(),
                        "QUARKUS_OIDC_AUTH_SERVER_URL", issuer, "QUARKUS_OIDC_CREDENTIALS_SECRET", dashboardSecret,
                        // Last month is finalised at once, even in the first hour of a month (DashboardIT revises one).
                        "HOMEFIRST_MONITOR_FIGURES_FINALISE_AFTER", "0S")), LOGS));
                continue;
            }
            postgres.dropDatabase(database);
            postgres.createDatabase(database);
            Map<String, String> environment = new LinkedHashMap<>(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", postgres.username(),
                    "QUARKUS_DATASOURCE_PASSWORD", postgres.password(),
                    "QUARKUS_OIDC_AUTH_SERVER_URL", issuer));
            if (service.equals("referral-service")) {
                // As the demo's stack: a clock may start last month (DashboardIT's revised month).
                environment.put("HOMEFIRST_INTAKE_MAX_BACKDATING", "40d");
            }
            services.put(service, ServiceProcess.of(ROOT, service, withKafkaPrincipal(service, environment), LOGS));
        }
        CompletableFuture<IdentityProviders.Started> provider = CompletableFuture.supplyAsync(() -> IdentityProviders.start(
                identityPort, services.get("target-monitor-service").baseUrl(), dashboardSecret, LOGS.resolve("identity.log")));
        // Registered before anything starts, so that a start that fails leaves nothing running either.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(services, provider), "e2e-platform-stop"));
        try {
            CompletableFuture.allOf(services.values().stream()
                    .map(service -> CompletableFuture.runAsync(() -> startPatiently(service)))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException failed) {
            // Stopped now, not at the JVM's exit: a later test's start would compete with them.
            stop(services, provider);
            throw failed;
        }
        identity = provider.join();
        System.out.println("Identity provider: " + identity.provider().description()
                + (identity.whyNotKeycloak() == null ? "" : ", because " + identity.whyNotKeycloak()));
        services.values().forEach(service -> System.out.printf("%-24s ready in %5d ms, resident memory %6d MiB%n",
                service.name(), service.startUp().toMillis(), service.residentKiB() / 1024));
        return services;
    }

    /**
     * Three starts in all, as deploy/local/run allows: on a loaded machine a service's first database
     * connection can take longer than it waits for one, and it exits.
     */
    private static void startPatiently(ServiceProcess service) {
        for (int attempt = 1; ; attempt++) {
            try {
                service.start(Duration.ofMinutes(3));
                return;
            } catch (IllegalStateException exited) {
                if (attempt == 3 || !exited.getMessage().contains(" exited with ")) {
                    throw exited;
                }
                System.out.println(exited.getMessage() + ": starting it again");
            }
        }
    }

    /**
     * The environment plus the service's own Kafka principal (SASL/SCRAM), as deploy/local/run and the
     * deployments give it: the test broker enforces each principal's ACLs (KafkaAccess).
     */
    private static Map<String, String> withKafkaPrincipal(String service, Map<String, String> environment) {
        Map<String, String> all = new LinkedHashMap<>(environment);
        SharedInfrastructure.kafkaClientProperties(service).forEach((name, value) ->
                all.put("KAFKA_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), String.valueOf(value)));
        return all;
    }

    /** A count from a service's own database, as only the service itself sees it. */
    static long count(String service, String sql, Object... parameters) {
        PostgresServer postgres = SharedInfrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(DATABASES.get(service)),
                postgres.username(), postgres.password())) {
            return Sql.count(connection, sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query the database of " + service, e);
        }
    }
}
