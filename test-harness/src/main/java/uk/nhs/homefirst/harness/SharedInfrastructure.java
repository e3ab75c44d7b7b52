package uk.nhs.homefirst.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import uk.nhs.homefirst.events.Topics;

/**
 * The one broker and the one PostgreSQL server of a test JVM. They start on first use and stop when
 * the JVM exits, so that Quarkus restarting an application between test profiles does not restart
 * them too.
 *
 * <p>Escape hatches, to run the same tests against servers of your own:
 * <ul>
 * <li>{@code -Dhomefirst.test.kafka.bootstrap-servers=host:9092}</li>
 * <li>{@code -Dhomefirst.test.jdbc.url=jdbc:postgresql://host:5432/postgres} with
 * {@code -Dhomefirst.test.jdbc.username} and {@code -Dhomefirst.test.jdbc.password}</li>
 * <li>{@code -Dhomefirst.test.testcontainers=true}: both in Docker containers ({@link Containers})</li>
 * </ul>
 *
 * <p>With {@code -Dhomefirst.test.kafka.secured=true} (the end-to-end tests), the in-JVM broker
 * requires SASL/SCRAM and enforces {@link KafkaAccess}'s ACLs: each service gets its own principal
 * ({@link #kafkaClientProperties(String)}), the tests' own clients act as the super-user.
 */
public final class SharedInfrastructure {

    public static final String KAFKA_PROPERTY = "homefirst.test.kafka.bootstrap-servers";
    public static final String JDBC_URL_PROPERTY = "homefirst.test.jdbc.url";
    public static final String JDBC_USERNAME_PROPERTY = "homefirst.test.jdbc.username";
    public static final String JDBC_PASSWORD_PROPERTY = "homefirst.test.jdbc.password";
    public static final String SECURED_PROPERTY = "homefirst.test.kafka.secured";
    public static final int TEST_PARTITIONS = 4;

    private static KafkaBroker broker;
    private static String bootstrapServers;
    private static final java.util.Map<String, String> PASSWORDS = new java.util.LinkedHashMap<>();
    private static PostgresServer postgres;
    private static StallableProxy databaseProxy;

    private SharedInfrastructure() {
    }

    /** The bootstrap servers of the test broker, with every platform topic created on it. */
    public static synchronized String kafkaBootstrapServers() {
        if (bootstrapServers == null) {
            String external = System.getProperty(KAFKA_PROPERTY, System.getenv("HOMEFIRST_TEST_KAFKA_BOOTSTRAP_SERVERS"));
            if (external != null && !external.isBlank()) {
                bootstrapServers = external;
            } else if (Containers.enabled()) {
                bootstrapServers = Containers.kafka();
            } else if (Boolean.getBoolean(SECURED_PROPERTY)) {
                broker = KafkaBroker.startSecured(temporaryDirectory("kafka"), 0);
                bootstrapServers = broker.bootstrapServers();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
                KafkaAccess.principals().forEach(principal -> PASSWORDS.put(principal, KafkaBroker.newPassword()));
                broker.grant(PASSWORDS);
            } else {
                broker = KafkaBroker.start(temporaryDirectory("kafka"), 0);
                bootstrapServers = broker.bootstrapServers();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
            }
            KafkaBroker.createTopics(bootstrapServers, kafkaAdminProperties(bootstrapServers), Topics.ALL, TEST_PARTITIONS);
        }
        return bootstrapServers;
    }

    /** The super-user's client settings for {@code bootstrapServers} if it is the secured test broker, else none. */
    public static synchronized java.util.Map<String, Object> kafkaAdminProperties(String bootstrapServers) {
        return broker != null && broker.bootstrapServers().equals(bootstrapServers) ? broker.adminProperties()
                : java.util.Map.of();
    }

    /**
     * The client settings of one of {@link KafkaAccess}'s principals (a service's name, or
     * {@code integrator}) on the test broker: none when it is not secured.
     */
    public static synchronized java.util.Map<String, Object> kafkaClientProperties(String principal) {
        kafkaBootstrapServers();
        if (broker == null || !broker.secured()) {
            return java.util.Map.of();
        }
        String password = PASSWORDS.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("No Kafka principal " + principal + "; there are " + PASSWORDS.keySet());
        }
        return broker.clientProperties(principal, password);
    }

    /** The in-JVM broker, for tests that stop and start it; empty when the tests use an external one. */
    public static synchronized Optional<KafkaBroker> kafkaBroker() {
        kafkaBootstrapServers();
        return Optional.ofNullable(broker);
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            String external = System.getProperty(JDBC_URL_PROPERTY, System.getenv("HOMEFIRST_TEST_JDBC_URL"));
            if (external != null && !external.isBlank()) {
                postgres = PostgresServer.external(external,
                        System.getProperty(JDBC_USERNAME_PROPERTY, "postgres"),
                        System.getProperty(JDBC_PASSWORD_PROPERTY, "postgres"));
            } else if (Containers.enabled()) {
                postgres = Containers.postgres();
            } else {
                PostgresServer server = PostgresServer.startEmbedded(temporaryDirectory("postgres"), 0, false);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
                postgres = server;
            }
        }
        return postgres;
    }

    /**
     * The proxy through which the services under test reach the test PostgreSQL
     * ({@link PostgresTestResource}): a test stalls it to see what the service does while its
     * database does not answer.
     */
    public static synchronized StallableProxy databaseProxy() {
        if (databaseProxy == null) {
            PostgresServer server = postgres();
            databaseProxy = StallableProxy.start(server.host(), server.port());
        }
        return databaseProxy;
    }

    private static Path temporaryDirectory(String name) {
        try {
            Path directory = Files.createTempDirectory("homefirst-" + name + "-");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
