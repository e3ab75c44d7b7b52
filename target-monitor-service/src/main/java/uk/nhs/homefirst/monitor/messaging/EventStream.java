package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.TargetMonitor;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * Feeds the monitor from the four topics. The monitor keeps its state in memory and rebuilds it
 * from the topics: whenever this instance is given partitions it reads them again from the
 * beginning. That is safe because applying a fact twice changes nothing, and it makes a restart
 * produce exactly the numbers a monitor that never stopped would have. Until it has read up to
 * where the topics stood when it was given them, it is not ready and serves no figures.
 *
 * <p>A record it cannot read goes to the topic's dead-letter topic, and reading carries on.
 */
@ApplicationScoped
public class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    static final List<String> TOPICS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS);

    private final TargetMonitor monitor;
    private final DeadLetters deadLetters;
    private final EventFacts facts;
    private final Map<String, Object> kafkaConfig;
    private final MonitorConfig config;
    /** Per assigned partition, the offset it must be read up to before the figures are complete. */
    private final Map<TopicPartition, Long> catchUpTargets = new ConcurrentHashMap<>();
    private volatile boolean assigned;
    private volatile boolean running;
    private volatile long recordsRead;
    private volatile long remaining;
    private Thread worker;
    private KafkaConsumer<String, String> consumer;

    EventStream(TargetMonitor monitor, DeadLetters deadLetters, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MonitorConfig config) {
        this.monitor = monitor;
        this.deadLetters = deadLetters;
        this.facts = new EventFacts(json);
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        Map<String, Object> properties = new HashMap<>(kafkaConfig);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, config.consumer().groupId() + "-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(properties);
        running = true;
        worker = new Thread(this::run, "target-monitor-events");
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

    /** Whether every assigned partition has been read up to where it stood when assigned. */
    public boolean caughtUp() {
        return assigned && catchUpTargets.isEmpty();
    }

    public long recordsRead() {
        return recordsRead;
    }

    /** Records still to read before the figures are complete, as of the last poll. */
    public long catchUpRemaining() {
        return remaining;
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS, new ReplayFromTheBeginning());
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    apply(records);
                }
                trackCatchUp();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The monitor stopped reading events");
            throw e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void apply(ConsumerRecords<String, String> records) {
        List<Fact> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                facts.from(IncomingEvent.from(record)).ifPresent(batch::add);
            } catch (PoisonRecordException e) {
                deadLetter(record, e.getMessage());
            }
        }
        monitor.apply(batch);
        recordsRead += records.count();
    }

    private void deadLetter(ConsumerRecord<String, String> record, String reason) {
        // A dead-letter topic that cannot be written stops the reading: carrying on would lose the record.
        while (running) {
            try {
                deadLetters.send(record, reason);
                return;
            } catch (Exception e) {
                LOG.warnf("Could not send %s-%d@%d to its dead-letter topic (%s); retrying", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void trackCatchUp() {
        long left = 0;
        var targets = catchUpTargets.entrySet().iterator();
        while (targets.hasNext()) {
            Map.Entry<TopicPartition, Long> target = targets.next();
            long position = consumer.position(target.getKey());
            if (position >= target.getValue()) {
                targets.remove();
            } else {
                left += target.getValue() - position;
            }
        }
        remaining = left;
    }

    /** Every partition this instance is given is read again from its beginning. */
    private final class ReplayFromTheBeginning implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                assigned = true;
                return;
            }
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            ends.forEach((partition, end) -> {
                if (consumer.position(partition) < end) {
                    catchUpTargets.put(partition, end);
                }
            });
            assigned = true;
            LOG.infof("Replaying %d partitions from the beginning", partitions.size());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(catchUpTargets::remove);
        }
    }
}
