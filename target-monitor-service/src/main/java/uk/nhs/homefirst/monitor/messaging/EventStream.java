package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.window.TargetBoard;

/**
 * The owner side of the monitor. It reads the four topics in the consumer group, keeps the
 * histories of the referrals of its partitions, feeds their evaluations to this instance's board
 * itself, and publishes them to the clock changelog behind it, for the other instances' boards.
 *
 * <ul>
 * <li>All four topics are keyed by referral id and have as many partitions, and the range assignor
 * gives one instance partition p of every topic, so each referral's whole history is with one
 * instance.</li>
 * <li>One thread polls Kafka and hands each partition's records to a {@link PartitionReader}; the
 * readers turn them into facts and histories in parallel, each for its own partitions.</li>
 * <li>Whenever this instance is given partitions it reads them again from the beginning: applying a
 * fact twice changes nothing, and a restart or a partition moving gives exactly the evaluations a
 * monitor that never stopped would have. Until a replay is complete the board keeps showing what
 * the changelog last said of the partition; then the board takes the partition over from this
 * instance's own evaluations.</li>
 * <li>A partition given away is published to the changelog in full before the next owner starts,
 * and the board goes back to reading it from the changelog ({@link BoardFeed}).</li>
 * <li>A record it cannot read goes to its topic's dead-letter topic, and reading carries on.</li>
 * </ul>
 */
@ApplicationScoped
public class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class);
    static final List<String> TOPICS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS);

    private final ClockRules rules;
    private final DeadLetters deadLetters;
    private final EventFacts facts;
    private final ClockChangelog changelog;
    private final TargetBoard board;
    private final Clock clock;
    private final Map<String, Object> kafkaConfig;
    private final MonitorConfig config;
    private final AtomicInteger referralsOwned = new AtomicInteger();
    /** Per partition being replayed, the offset each of its topic-partitions must be read up to. Poll thread only. */
    private final Map<TopicPartition, Long> catchUpTargets = new HashMap<>();
    /** The partitions being replayed. Poll thread only. */
    private final Set<Integer> replaying = new HashSet<>();
    /** For each topic-partition whose state the readers hold, the offset handed to them so far. Poll thread only. */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    /** The partition numbers whose state the readers hold: those assigned at the last assignment. */
    private volatile Set<Integer> held = Set.of();
    private volatile int partitionCount = 1;
    private volatile boolean assigned;
    private volatile boolean running;
    private volatile long recordsRead;
    private volatile long remaining;
    private Thread poller;
    private PartitionReader[] readers;
    private ClockPublisher publisher;
    private KafkaConsumer<String, byte[]> consumer;

    EventStream(ClockRules rules, DeadLetters deadLetters, ObjectMapper json, TargetBoard board, Clock clock,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MonitorConfig config) {
        this.rules = rules;
        this.deadLetters = deadLetters;
        this.facts = new EventFacts(json);
        this.changelog = new ClockChangelog(json);
        this.board = board;
        this.clock = clock;
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
        // A fetch of only partitions with nothing new waits this long at the broker, and while it waits
        // no other fetch goes to that broker: with the default 500 ms a replay stalled on its last records.
        consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.consumer().fetchMaxWait().toMillis());
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
        publisher = new ClockPublisher(new KafkaProducer<>(producerProperties), changelog, config.changelogTopic(),
                () -> !caughtUp());

        PartitionReader.Context context = new PartitionReader.Context(facts, deadLetters, rules, board, publisher, clock,
                this::partitionOf, referralsOwned);
        readers = new PartitionReader[config.consumer().readers()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new PartitionReader("monitor-read-" + i, context);
        }
        running = true;
        // Names of at most 15 characters: what the operating system shows (top -H, /proc).
        poller = new Thread(this::run, "monitor-poll");
        poller.setDaemon(true);
        poller.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (poller != null) {
            try {
                poller.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (readers != null) {
            for (PartitionReader reader : readers) {
                reader.stop();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    /**
     * Whether every partition this instance owns has been read up to where it stood when assigned,
     * and its evaluations are on the board.
     */
    public boolean caughtUp() {
        if (!assigned) {
            return false;
        }
        for (int partition : held) {
            if (board.source(partition) != TargetBoard.Source.OWNER) {
                return false;
            }
        }
        return true;
    }

    public long recordsRead() {
        return recordsRead;
    }

    /** Records still to read before this instance has caught up, as of the last poll. */
    public long catchUpRemaining() {
        return remaining;
    }

    public int referralsOwned() {
        return referralsOwned.get();
    }

    /** The number of partitions of the topics, as of the last assignment. */
    public int partitionCount() {
        return partitionCount;
    }

    private void run() {
        try {
            consumer.subscribe(TOPICS, new ReplayFromTheBeginning());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    handOut(records);
                }
                trackCatchUp();
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                LOG.errorf(e, "The monitor stopped reading events");
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "The monitor stopped reading events");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warnf("Could not close the events consumer cleanly: %s", e.toString());
            }
        }
    }

    private void handOut(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        for (TopicPartition partition : records.partitions()) {
            var ofPartition = records.records(partition);
            reader(partition.partition()).submit(new PartitionReader.Read(partition.partition(), ofPartition));
            readUpTo.put(partition, ofPartition.get(ofPartition.size() - 1).offset() + 1);
        }
        recordsRead += records.count();
    }

    private PartitionReader reader(int partition) {
        return readers[partition % readers.length];
    }

    private void trackCatchUp() throws InterruptedException {
        if (replaying.isEmpty()) {
            remaining = 0;
            return;
        }
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
        for (var partitions = replaying.iterator(); partitions.hasNext();) {
            int partition = partitions.next();
            if (catchUpTargets.keySet().stream().noneMatch(target -> target.partition() == partition)) {
                partitions.remove();
                reader(partition).submit(new PartitionReader.Replayed(partition));
            }
        }
    }

    /** The partition of a referral's events, as Kafka's default partitioner places its key. */
    int partitionOf(String referralId) {
        return Utils.toPositive(Utils.murmur2(referralId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    private void awaitReaders() throws InterruptedException {
        for (PartitionReader reader : readers) {
            reader.awaitIdle();
        }
    }

    /** The state of a partition given away, or lost, is dropped; the board reads it from the changelog again. */
    private void forget(int partition) throws InterruptedException {
        reader(partition).submit(new PartitionReader.Forget(partition));
        readUpTo.keySet().removeIf(tp -> tp.partition() == partition);
        catchUpTargets.keySet().removeIf(tp -> tp.partition() == partition);
        replaying.remove(partition);
        board.handOver(partition);
    }

    /**
     * A partition this instance is given is read again from its beginning, unless the instance still
     * holds its state (a rebalance gave back what it had): then it carries on where it was.
     */
    private final class ReplayFromTheBeginning implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                assign(partitions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }

        private void assign(Collection<TopicPartition> partitions) throws InterruptedException {
            int count = consumer.partitionsFor(Topics.REFERRALS).size();
            int changelogPartitions = consumer.partitionsFor(config.changelogTopic()).size();
            if (changelogPartitions != count) {
                // The changelog is only derived state: deleting it is safe, and it is made again at the next start.
                throw new IllegalStateException("The clock changelog " + config.changelogTopic() + " has "
                        + changelogPartitions + " partitions and " + Topics.REFERRALS + " has " + count
                        + ": delete the changelog topic, or give it as many partitions");
            }
            partitionCount = count;
            Set<Integer> numbers = new HashSet<>();
            partitions.forEach(partition -> numbers.add(partition.partition()));
            for (int partition : held) {
                if (!numbers.contains(partition)) {
                    forget(partition);
                }
            }
            for (int partition = 0; partition < count; partition++) {
                if (!numbers.contains(partition)) {
                    board.handOver(partition);
                }
            }

            Set<Integer> fresh = new HashSet<>(numbers);
            fresh.removeAll(held);
            List<TopicPartition> fromTheBeginning = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                Long position = readUpTo.get(partition);
                if (fresh.contains(partition.partition()) || position == null) {
                    fromTheBeginning.add(partition);
                } else {
                    consumer.seek(partition, position);
                }
            }
            consumer.seekToBeginning(fromTheBeginning);
            List<TopicPartition> freshTopicPartitions = fromTheBeginning.stream()
                    .filter(partition -> fresh.contains(partition.partition())).toList();
            Map<Integer, Long> largest = new HashMap<>();
            consumer.endOffsets(freshTopicPartitions).forEach((partition, end) -> {
                if (consumer.position(partition) < end) {
                    catchUpTargets.put(partition, end);
                    // Each referral has about one event on each topic: a guess at how many the partition holds.
                    largest.merge(partition.partition(), end - consumer.position(partition), Math::max);
                }
            });
            for (int partition : fresh) {
                int expected = (int) Math.min(10_000_000, largest.getOrDefault(partition, 0L));
                reader(partition).submit(new PartitionReader.Replay(partition, expected));
                replaying.add(partition);
            }
            held = Set.copyOf(numbers);
            assigned = true;
            LOG.infof("Given %d partitions: replaying %d from the beginning, carrying on with %d", numbers.size(),
                    fresh.size(), numbers.size() - fresh.size());
            // A partition with nothing to replay is taken over at once.
            trackCatchUp();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // What this instance knows must be on the changelog before another instance takes over.
            // Its state stays until the next assignment says which partitions it keeps.
            try {
                awaitReaders();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            publisher.flush();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another instance may own them already: what this one did not publish yet, it leaves to that one.
            try {
                awaitReaders();
                Set<Integer> lost = new HashSet<>();
                partitions.forEach(partition -> lost.add(partition.partition()));
                publisher.discard(referralId -> lost.contains(partitionOf(referralId)));
                for (int partition : lost) {
                    forget(partition);
                }
                Set<Integer> kept = new HashSet<>(held);
                kept.removeAll(lost);
                held = Set.copyOf(kept);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
        }
    }
}
