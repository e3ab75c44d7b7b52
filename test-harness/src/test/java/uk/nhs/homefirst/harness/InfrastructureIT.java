package uk.nhs.homefirst.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;

/** The harness runs a real broker and a real PostgreSQL, and the broker keeps its records across a restart. */
class InfrastructureIT {

    @Test
    void brokerKeepsItsRecordsWhenStoppedAndStartedOnTheSameStorage(@TempDir Path data) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(data, 0)) {
            broker.createTopics(List.of(Topics.VISITS), 2);
            String key = UUID.randomUUID().toString();
            try (KafkaTestClient client = new KafkaTestClient(broker.bootstrapServers())) {
                client.sendEvent(Topics.VISITS, key, "test.Type.v1", java.util.Map.of("n", 1));
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            try (KafkaTestClient client = new KafkaTestClient(broker.bootstrapServers())) {
                List<ConsumerRecord<String, String>> records = client.read(Topics.VISITS, r -> key.equals(r.key()));
                assertThat(records).singleElement().satisfies(record -> {
                    assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo("test.Type.v1");
                    assertThat(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(key);
                    assertThat(record.value()).isEqualTo("{\"n\":1}");
                });
            }
        }
    }

    @Test
    void postgresCreatesDatabasesThatAcceptConnections() throws Exception {
        PostgresServer server = SharedInfrastructure.postgres();
        server.dropDatabase("hf_test_harness");
        server.createDatabase("hf_test_harness");
        server.createDatabase("hf_test_harness"); // a second time is harmless

        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("hf_test_harness"), server.username(),
                server.password());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("hf_test_harness");
            assertThat(rs.getInt(2)).isGreaterThanOrEqualTo(150000);
        }
    }
}
