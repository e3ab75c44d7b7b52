package uk.nhs.homefirst.platform.inbox;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.events.read.Reading;

/**
 * Sends poison records to their dead-letter topics, as the contract's {@link DeadLetter} policy
 * says: a pointer with the reason, never a copy of the record.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private KafkaProducer<String, byte[]> producer;

    DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, InboxConfig config) {
        this.kafkaConfig = kafkaConfig;
        this.timeout = config.deadLetterTimeout();
    }

    /**
     * Sends the dead letters of {@code consumer} and waits until the broker has them all. A failure
     * is thrown, for the caller to try again: a poison record is passed only once its dead letter is safe.
     */
    public void send(String consumer, List<Reading.Poison> poisons) {
        if (poisons.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(poisons.size());
        for (Reading.Poison poison : poisons) {
            acks.add(producer().send(DeadLetter.of(poison, consumer)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending dead letters", e);
        } catch (ExecutionException | TimeoutException e) {
            discardProducer();
            throw new IllegalStateException("The broker did not take the dead letters of " + consumer, e);
        }
        for (Reading.Poison poison : poisons) {
            // A reason names fields and rules, never values, so it may be logged.
            LOG.warnf("%s sent %s to its dead-letter topic: %s", consumer, poison.origin(), poison.reason());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> properties = new HashMap<>(kafkaConfig);
            properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            properties.put(ProducerConfig.ACKS_CONFIG, "all");
            properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            int millis = (int) timeout.toMillis();
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            // The producer's own limit, which must exceed linger and request timeouts; send() waits less.
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + 1000);
            properties.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
            producer = new KafkaProducer<>(properties);
        }
        return producer;
    }

    /** A producer whose sends timed out may hold expired batches; the next attempt starts with a new one. */
    private synchronized void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
