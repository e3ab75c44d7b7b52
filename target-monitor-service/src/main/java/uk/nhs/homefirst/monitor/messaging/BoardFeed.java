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
 * Feeds this instance's board, from the clock changelog, with the partitions other instances own.
 * It reads the changelog outside any consumer group, one partition at a time as the board asks:
 * nothing of a partition this instance owns (its owner feeds the board itself), and a partition
 * handed over to another instance from its beginning again, applied at once when read to where it
 * stood, and then as it grows.
 *
 * <p>The board is complete once this instance has caught up with its own partitions and then read
 * every other partition of the changelog up to where it stood at that moment: until then the
 * figures are not served.
 */
@ApplicationScoped
public class BoardFeed {

    private static final Logger LOG = Logger.getLogger(BoardFeed.class);

    /** How this feed reads one partition of the changelog. */
    private static final class Reading {
        /** The hand-over this reading answers, or -1 while the partition is followed as it grows (or not read). */
        long handOver = -1;
        /** While reading a handed-over partition again: the offset to read up to, and the latest record per referral. */
        long upTo;
        Map<String, byte[]> latest;
        boolean following;
        boolean paused = true;
    }

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
        // A change of what the board reads from where is acted on at once, not at the next poll.
        board.onSourceChange(consumer::wakeup);
        running = true;
        worker = new Thread(this::run, "monitor-board");
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
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.pause(partitions);
            Map<Integer, Reading> readings = new HashMap<>();
            partitions.forEach(partition -> readings.put(partition.partition(), new Reading()));
            while (running) {
                try {
                    follow(partitions, readings);
                    if (!complete) {
                        // Woken by the last partition taken over here, say: the figures are complete
                        // now, not after a poll that waits its whole timeout on paused partitions.
                        checkComplete(partitions, readings);
                    }
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        apply(records, readings);
                    }
                    finishReadings(partitions, readings);
                    if (!complete) {
                        checkComplete(partitions, readings);
                    }
                } catch (WakeupException e) {
                    if (!running) {
                        return;
                    }
                    // Woken because the board's sources changed: look again.
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The monitor stopped reading its clock changelog");
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Reads each partition of the changelog as the board's source for it says. */
    private void follow(List<TopicPartition> partitions, Map<Integer, Reading> readings) {
        Map<Integer, Long> handedOver = board.awaitingChangelog();
        for (TopicPartition partition : partitions) {
            Reading reading = readings.get(partition.partition());
            Long handOver = handedOver.get(partition.partition());
            if (handOver != null) {
                if (reading.handOver != handOver) {
                    // Read it again from its beginning: what this instance knew of it came from itself.
                    long upTo = consumer.endOffsets(List.of(partition)).get(partition);
                    consumer.seekToBeginning(List.of(partition));
                    reading.handOver = handOver;
                    reading.upTo = upTo;
                    reading.latest = new HashMap<>();
                    reading.following = false;
                    resume(partition, reading);
                }
                continue;
            }
            TargetBoard.Source source = board.source(partition.partition());
            if (source == TargetBoard.Source.CHANGELOG) {
                resume(partition, reading);
            } else {
                // Owned here (or being replayed here, with nothing to read meanwhile).
                reading.handOver = -1;
                reading.latest = null;
                reading.following = false;
                if (!reading.paused) {
                    consumer.pause(List.of(partition));
                    reading.paused = true;
                }
            }
        }
    }

    private void resume(TopicPartition partition, Reading reading) {
        if (reading.paused) {
            consumer.resume(List.of(partition));
            reading.paused = false;
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records, Map<Integer, Reading> readings) {
        for (TopicPartition partition : records.partitions()) {
            Reading reading = readings.get(partition.partition());
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            if (reading.latest != null) {
                for (ConsumerRecord<String, byte[]> record : ofPartition) {
                    reading.latest.put(record.key(), record.value());
                }
            } else if (reading.following) {
                Map<String, Evaluation> evaluations = new LinkedHashMap<>();
                for (ConsumerRecord<String, byte[]> record : ofPartition) {
                    evaluations.put(record.key(), changelog.decode(record.value()));
                }
                board.fromChangelog(partition.partition(), evaluations, clock.instant());
            }
            evaluationsRead += ofPartition.size();
        }
    }

    /** A handed-over partition read up to where it stood goes on the board at once, and is followed from then on. */
    private void finishReadings(List<TopicPartition> partitions, Map<Integer, Reading> readings) {
        for (TopicPartition partition : partitions) {
            Reading reading = readings.get(partition.partition());
            if (reading.latest == null || consumer.position(partition) < reading.upTo) {
                continue;
            }
            Map<String, Evaluation> latest = new HashMap<>((int) (reading.latest.size() / 0.75f) + 1);
            reading.latest.forEach((referralId, value) -> latest.put(referralId, changelog.decode(value)));
            boolean followed = board.follow(partition.partition(), reading.handOver, latest, clock.instant());
            reading.latest = null;
            reading.following = followed;
            LOG.debugf("Changelog partition %d read again: %d referrals%s", partition.partition(), latest.size(),
                    followed ? "" : " (taken over meanwhile)");
        }
    }

    private void checkComplete(List<TopicPartition> partitions, Map<Integer, Reading> readings) {
        if (!events.caughtUp()) {
            return;
        }
        Map<TopicPartition, Long> targets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            TargetBoard.Source source = board.source(partition.partition());
            if (source == TargetBoard.Source.OWNER) {
                continue;
            }
            if (source != TargetBoard.Source.CHANGELOG || !readings.get(partition.partition()).following) {
                return; // still to be read again from its beginning
            }
            targets.put(partition, null);
        }
        if (completeAt == null || !completeAt.keySet().equals(targets.keySet())) {
            // This instance has caught up: the board is complete once it has read the others' evaluations that far.
            completeAt = targets.isEmpty() ? Map.of() : consumer.endOffsets(targets.keySet());
        }
        for (Map.Entry<TopicPartition, Long> target : completeAt.entrySet()) {
            if (consumer.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        complete = true;
        LOG.infof("The board is complete: %d evaluations read from the changelog, %d referrals owned here",
                evaluationsRead, events.referralsOwned());
    }
}
