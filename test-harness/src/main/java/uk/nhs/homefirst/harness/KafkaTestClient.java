package uk.nhs.homefirst.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import uk.nhs.homefirst.events.CloudEventHeaders;

/**
 * Talks to the broker as an integrator would: sends CloudEvents in binary mode and reads topics
 * from the beginning. For tests only.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final Map<String, Object> security;
    private final KafkaProducer<String, String> producer;

    /** A client of {@code bootstrapServers}, as the super-user when it is the tests' secured broker. */
    public KafkaTestClient(String bootstrapServers) {
        this(bootstrapServers, SharedInfrastructure.kafkaAdminProperties(bootstrapServers));
    }

    /** A client with the given security settings (SASL), to act as one principal. */
    public KafkaTestClient(String bootstrapServers, Map<String, Object> security) {
        this.bootstrapServers = bootstrapServers;
        this.security = Map.copyOf(security);
        Properties p = new Properties();
        p.putAll(this.security);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(p);
    }

    /** Sends {@code data} as a CloudEvent of {@code type}, keyed and subjected by {@code key}. Returns the event id. */
    public String sendEvent(String topic, String key, String type, Object data) {
        String id = UUID.randomUUID().toString();
        sendEvent(topic, key, id, type, Json.write(data));
        return id;
    }

    /** Sends a CloudEvent with a chosen id and raw JSON data, to test duplicates and poison records. */
    public void sendEvent(String topic, String key, String id, String type, String json) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, id);
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/homefirst/tests");
        header(record, CloudEventHeaders.TIME, Instant.now().toString());
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        send(record);
    }

    /** Sends a record exactly as given, without CloudEvent headers. */
    public void sendRaw(String topic, String key, String value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends a record exactly as given, and says where the broker put it. */
    public RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send to " + record.topic(), e.getCause());
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record on the topic now, from the beginning of each partition. */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within a minute");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The records on the topic now that match. */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> match) {
        return readAll(topic).stream().filter(match).collect(Collectors.toList());
    }

    /**
     * The record a dead letter came from, read where its {@code dead-letter-topic},
     * {@code -partition} and {@code -offset} headers say: that one record, not the topic.
     */
    public ConsumerRecord<String, String> deadLetterOrigin(ConsumerRecord<?, ?> deadLetter) {
        TopicPartition partition = new TopicPartition(header(deadLetter, "dead-letter-topic"),
                Integer.parseInt(header(deadLetter, "dead-letter-partition")));
        long offset = Long.parseLong(header(deadLetter, "dead-letter-offset"));
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
                if (consumer.position(partition) > offset) {
                    break;
                }
            }
            throw new IllegalStateException("No record at " + partition + "@" + offset);
        }
    }

    /** A record's header as text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.putAll(security);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
