package uk.nhs.homefirst.harness;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The option for machines with Docker: the test broker and database in containers, started by
 * Testcontainers, instead of in the test JVM and from embedded binaries. Chosen with
 * {@code -Dhomefirst.test.testcontainers=true}; this class is loaded only then, so that nothing
 * looks for Docker otherwise. The images default to Kafka at the version of the Kafka client on
 * the classpath and PostgreSQL 17, and can be changed with
 * {@code -Dhomefirst.test.testcontainers.kafka-image} and {@code ...postgres-image}.
 *
 * <p>This project's machines and CI have no Docker engine, so this path is compiled here but not
 * run here.
 */
final class Containers {

    static final String ENABLED_PROPERTY = "homefirst.test.testcontainers";

    private Containers() {
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, System.getenv("HOMEFIRST_TEST_TESTCONTAINERS")));
    }

    /** Starts a Kafka container (KRaft) and returns its bootstrap servers, reachable from other processes too. */
    static String kafka() {
        String image = System.getProperty(ENABLED_PROPERTY + ".kafka-image", "apache/kafka:" + AppInfoParser.getVersion());
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(image));
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
        return kafka.getBootstrapServers();
    }

    /** Starts a PostgreSQL container whose superuser creates the tests' databases, as the embedded one does. */
    static PostgresServer postgres() {
        String image = System.getProperty(ENABLED_PROPERTY + ".postgres-image", "postgres:17");
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(image))
                .withDatabaseName("postgres").withUsername("postgres").withPassword("postgres");
        postgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::stop, "postgres-container-stop"));
        return PostgresServer.external(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }
}
