package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.window.TargetBoard;

/**
 * Feeds this instance's board from the whole clock changelog, whichever instance published to it.
 * It reads every partition, outside any consumer group, from the beginning.
 *
 * <p>The board is complete once this instance has caught up with its own partitions and then read
 * the changelog up to where it stood at that moment: until then the figures are not served.
 */
@ApplicationScoped
public class BoardFeed {

    private static final Logger LOG = Logger.getLogger(BoardFeed.class);

    private final TargetBoard board;
    private final Clock clock;
    private final EventStream events;
    private final ClockChangelog changelog;
    private final Map<String, Object> kafkaConfig;
    private final MonitorConfig config;
    private volatile boolean running;
    private volatile boolean complete;
    private volatile long evaluationsRead;
    private Map<TopicPartition, Long> completeAt;
    private Thread worker;
    private KafkaConsumer<String, byte[]> consumer;

    BoardFeed(TargetBoard board, Clock clock, EventStream events, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MonitorConfig config) {
        this.board = board;
        this.clock = clock;
        this.events = events;
        this.changelog = new ClockChangelog(json);
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    // After EventStream's start, which creates the changelog topic.
    void start(@Observes @Priority(3000) io.quarkus.runtime.StartupEvent startup) {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "target-monitor-board-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(properties);
        running = true;
        worker = new Thread(this::run, "target-monitor-board");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the board holds every evaluation: figures may be served. */
    public boolean complete() {
        return complete;
    }

    public long evaluationsRead() {
        return evaluationsRead;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(config.changelogTopic()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    Map<String, Evaluation> evaluations = new LinkedHashMap<>();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        evaluations.put(record.key(), changelog.decode(record.value()));
                    }
                    board.update(evaluations, clock.instant());
                    evaluationsRead += records.count();
                }
                if (!complete) {
                    checkComplete(partitions);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The monitor stopped reading its clock changelog");
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void checkComplete(List<TopicPartition> partitions) {
        if (completeAt == null) {
            if (!events.caughtUp()) {
                return;
            }
            // The owner has flushed what its replay published; the board is complete once it has read that far.
            completeAt = consumer.endOffsets(partitions);
        }
        for (Map.Entry<TopicPartition, Long> target : completeAt.entrySet()) {
            if (consumer.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        complete = true;
        LOG.infof("The board is complete: %d evaluations read", evaluationsRead);
    }
}
