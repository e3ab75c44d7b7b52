package uk.nhs.homefirst.allocation.it;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * What the hub allocation ITs set up alike: a Kafka client of the test class's own, admin's token
 * on every request unless one says otherwise, and the {@link Fixtures} over this service's database.
 */
public abstract class FixturedIT {

    protected static KafkaTestClient kafka;

    @Inject
    protected AgroalDataSource database;

    protected Fixtures fixtures;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        Fixtures.actAsAdmin();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void fixtures() {
        fixtures = new Fixtures(kafka, database);
    }
}
