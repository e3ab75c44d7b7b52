package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ReferralHistories;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * The owner side of the monitor. It reads the four topics in the consumer group, keeps the
 * histories of the referrals of its partitions, and publishes each changed evaluation to the clock
 * changelog, which every instance reads into its board.
 *
 * <ul>
 * <li>All four topics are keyed by referral id and have as many partitions, and the range assignor
 * gives one instance partition p of every topic, so each referral's whole history is with one
 * instance.</li>
 * <li>Whenever this instance is given partitions it reads them again from the beginning: applying a
 * fact twice changes nothing, and a restart or a partition moving gives exactly the evaluations a
 * monitor that never stopped would have. The evaluations it republishes are the ones already on
 * the compacted changelog, so the board stays right meanwhile.</li>
 * <li>A record it cannot read goes to its topic's dead-letter topic, and reading carries on.</li>
 * </ul>
 */
@ApplicationScoped
public class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    /** A batch at least this large is read in two halves at once. */
    private static final int PARALLEL_BATCH = 200;
    static final List<String> TOPICS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS);

    private final ReferralHistories histories;
    private final DeadLetters deadLetters;
    private final EventFacts facts;
    private final ClockChangelog changelog;
    private final Map<String, Object> kafkaConfig;
    private final MonitorConfig config;
    /** Per assigned partition, the offset it must be read up to before this instance has caught up. */
    private final Map<TopicPartition, Long> catchUpTargets = new ConcurrentHashMap<>();
    private final Set<Integer> ownedPartitions = new HashSet<>();
    /** For each partition whose state this instance holds, the offset it has read up to. */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    /** Referrals whose history changed since their evaluation was last published. */
    private final Set<String> dirty = new java.util.LinkedHashSet<>();
    private volatile int partitionCount = 1;
    private volatile boolean assigned;
    private volatile boolean published;
    private volatile boolean running;
    private volatile long recordsRead;
    private volatile long remaining;
    private Thread worker;
    /** Reads half of each large batch while the worker reads the other half. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "target-monitor-events-reader");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;

    EventStream(ClockRules rules, DeadLetters deadLetters, ObjectMapper json,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MonitorConfig config) {
        this.histories = new ReferralHistories(rules);
        this.deadLetters = deadLetters;
        this.facts = new EventFacts(json);
        this.changelog = new ClockChangelog(json);
        this.kafkaConfig = kafkaConfig;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        ClockChangelog.ensureTopic(kafkaConfig, config.changelogTopic());
        Map<String, Object> consumerProperties = new HashMap<>(kafkaConfig);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId());
        consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int sessionTimeout = (int) config.consumer().sessionTimeout().toMillis();
        consumerProperties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeout);
        consumerProperties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(1000, sessionTimeout / 3));
        // Partition p of every topic to the same instance: a referral's whole history in one place.
        consumerProperties.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        consumerProperties.put(ConsumerConfig.CLIENT_ID_CONFIG, "target-monitor-" + ProcessHandle.current().pid());
        consumer = new KafkaConsumer<>(consumerProperties);

        Map<String, Object> producerProperties = new HashMap<>(kafkaConfig);
        producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A replay publishes an evaluation per referral at once: large batches, fewer of them.
        producerProperties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        producerProperties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producerProperties.put(ProducerConfig.CLIENT_ID_CONFIG, "target-monitor-changelog-" + ProcessHandle.current().pid());
        producer = new KafkaProducer<>(producerProperties);

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
        reader.shutdownNow();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Whether every partition this instance owns has been read up to where it stood when assigned,
     * and the evaluations of what was read are on the changelog.
     */
    public boolean caughtUp() {
        return assigned && published;
    }

    public long recordsRead() {
        return recordsRead;
    }

    /** Records still to read before this instance has caught up, as of the last poll. */
    public long catchUpRemaining() {
        return remaining;
    }

    public int referralsOwned() {
        return histories.size();
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS, new ReplayFromTheBeginning());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
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

    private void apply(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        // Reading the events is most of the work of a replay: a large batch is read in two halves at
        // once, the first on the reader thread. The facts keep the order of the records.
        Facts read;
        if (all.size() >= PARALLEL_BATCH) {
            int half = all.size() / 2;
            Future<Facts> first = reader.submit(() -> read(all.subList(0, half)));
            Facts second = read(all.subList(half, all.size()));
            read = join(first).then(second);
        } else {
            read = read(all);
        }
        read.poison.forEach(this::deadLetter);
        dirty.addAll(histories.add(read.facts));
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> ofPartition = records.records(partition);
            readUpTo.put(partition, ofPartition.get(ofPartition.size() - 1).offset() + 1);
        }
        recordsRead += records.count();
        if (catchUpTargets.isEmpty()) {
            publishDirty();
        }
    }

    /** The facts of some records, and the records that could not be read with the reason. */
    private record Facts(List<Fact> facts, Map<ConsumerRecord<String, byte[]>, String> poison) {

        Facts then(Facts later) {
            List<Fact> both = new ArrayList<>(facts.size() + later.facts.size());
            both.addAll(facts);
            both.addAll(later.facts);
            Map<ConsumerRecord<String, byte[]>, String> bothPoison = new java.util.LinkedHashMap<>(poison);
            bothPoison.putAll(later.poison);
            return new Facts(both, bothPoison);
        }
    }

    private Facts read(List<ConsumerRecord<String, byte[]>> records) {
        List<Fact> batch = new ArrayList<>(records.size());
        Map<ConsumerRecord<String, byte[]>, String> poison = new java.util.LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                facts.from(record).ifPresent(fact -> {
                    if (!fact.referralId().equals(record.key())) {
                        // Another key would put the referral's events on several partitions, maybe several instances.
                        throw new PoisonRecordException("the record key is not the referral id of its data");
                    }
                    batch.add(fact);
                });
            } catch (PoisonRecordException e) {
                poison.put(record, e.getMessage());
            }
        }
        return new Facts(batch, poison);
    }

    private static Facts join(Future<Facts> facts) {
        try {
            return facts.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /**
     * Publishes the evaluation of every referral whose history changed since the last time. While
     * replaying, this waits until the end, so that a referral is evaluated and published once rather
     * than after each of its events.
     */
    private void publishDirty() {
        for (String referralId : dirty) {
            Evaluation evaluation = histories.evaluate(referralId);
            producer.send(new ProducerRecord<>(config.changelogTopic(), referralId, changelog.encode(evaluation)));
        }
        dirty.clear();
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
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
        if (left == 0 && !published) {
            publishDirty();
            producer.flush();
            published = true;
        }
    }

    /** The partition of a referral's events, as Kafka's default partitioner places its key. */
    private int partitionOf(String referralId) {
        return Utils.toPositive(Utils.murmur2(referralId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /**
     * A partition this instance is given is read again from its beginning, unless the instance still
     * holds its state (a rebalance gave back what it had): then it carries on where it was.
     */
    private final class ReplayFromTheBeginning implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitionCount = partitions.isEmpty() ? partitionCount : consumer.partitionsFor(Topics.REFERRALS).size();
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(partition -> numbers.add(partition.partition()));
            // The state of partitions given to another instance is not needed any more.
            readUpTo.keySet().removeIf(partition -> !partitions.contains(partition));
            Set<Integer> gone = new HashSet<>(ownedPartitions);
            gone.removeAll(numbers);
            if (!gone.isEmpty()) {
                histories.forget(referralId -> gone.contains(partitionOf(referralId)));
            }
            ownedPartitions.clear();
            ownedPartitions.addAll(numbers);

            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                Long position = readUpTo.get(partition);
                if (position == null) {
                    fresh.add(partition);
                } else {
                    consumer.seek(partition, position);
                }
            }
            if (!fresh.isEmpty()) {
                consumer.seekToBeginning(fresh);
                consumer.endOffsets(fresh).forEach((partition, end) -> {
                    if (consumer.position(partition) < end) {
                        catchUpTargets.put(partition, end);
                    }
                });
                if (!catchUpTargets.isEmpty()) {
                    published = false;
                }
            }
            LOG.infof("Given %d partitions: replaying %d from the beginning, carrying on with %d", partitions.size(),
                    fresh.size(), partitions.size() - fresh.size());
            assigned = true;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // What this instance knows must be on the changelog before another instance takes over.
            // Its state stays until the next assignment says which partitions it keeps.
            publishDirty();
            producer.flush();
            partitions.forEach(catchUpTargets::remove);
        }
    }
}
