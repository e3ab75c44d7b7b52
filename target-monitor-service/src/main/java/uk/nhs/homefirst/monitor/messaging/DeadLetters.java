package uk.nhs.homefirst.monitor.messaging;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;

/**
 * Sends a record the monitor cannot read to {@code <topic>.dlq}, with the reason, as SmallRye's
 * dead-letter strategy does for the other services (same header names). The monitor replays its
 * topics from the beginning on every start, so it remembers which records it already sent and
 * sends each one once.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";

    private final AgroalDataSource dataSource;
    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(AgroalDataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.dataSource = dataSource;
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "target-monitor-dead-letters");
        this.producer = new KafkaProducer<>(properties);
    }

    /** Sends the record to its topic's dead-letter topic unless it was sent before. */
    public void send(ConsumerRecord<String, byte[]> record, String reason)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        if (alreadySent(record)) {
            return;
        }
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(record.topic() + Topics.DEAD_LETTER_SUFFIX,
                record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        header(dead, REASON, reason);
        header(dead, TOPIC, record.topic());
        header(dead, PARTITION, String.valueOf(record.partition()));
        header(dead, OFFSET, String.valueOf(record.offset()));
        producer.send(dead).get(30, TimeUnit.SECONDS);
        remember(record, reason);
        // The reason names fields and problems, never values, so it is safe to log.
        LOG.warnf("Sent %s-%d@%d to the dead-letter topic: %s", record.topic(), record.partition(), record.offset(), reason);
    }

    private boolean alreadySent(ConsumerRecord<String, byte[]> record) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM dead_letter WHERE topic = ? AND topic_partition = ? AND record_offset = ?")) {
            query.setString(1, record.topic());
            query.setInt(2, record.partition());
            query.setLong(3, record.offset());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void remember(ConsumerRecord<String, byte[]> record, String reason) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO dead_letter (topic, topic_partition, record_offset, reason)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """)) {
            insert.setString(1, record.topic());
            insert.setInt(2, record.partition());
            insert.setLong(3, record.offset());
            insert.setString(4, reason);
            insert.executeUpdate();
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
