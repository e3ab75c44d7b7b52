package uk.nhs.homefirst.monitor.alert;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Topics;

/**
 * The alerts as they happen, for the server-sent-events stream: this instance reads the
 * target-alerts topic from its end, outside any consumer group, so every instance streams every
 * alert, whichever instance raised it.
 */
@ApplicationScoped
public class AlertFeed {

    private static final Logger LOG = Logger.getLogger(AlertFeed.class);

    /** One alert event: its CloudEvent id and type, and its data as JSON. */
    public record AlertEvent(String id, String type, String json) {
    }

    private final BroadcastProcessor<AlertEvent> processor = BroadcastProcessor.create();
    private final Map<String, Object> kafkaConfig;
    private volatile boolean running;
    private Thread worker;
    private KafkaConsumer<String, String> consumer;

    AlertFeed(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent startup) {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "target-monitor-alert-feed-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(properties);
        running = true;
        worker = new Thread(this::run, "target-monitor-alert-feed");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        processor.onComplete();
    }

    /** Every alert event from now on. */
    public Multi<AlertEvent> events() {
        return processor;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TARGET_ALERTS).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    processor.onNext(new AlertEvent(header(record, CloudEventHeaders.ID),
                            header(record, CloudEventHeaders.TYPE), record.value()));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The alert feed stopped");
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
