package uk.nhs.homefirst.monitor.topology;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;

/**
 * Whether the monitor has read its four input topics up to where they stand: the committed
 * offsets of its consumer group against the topics' ends. Until it has, after a start, it announces
 * nothing (a clock whose visit is further on in the backlog would look at risk) and serves no
 * figures. Once caught up it stays so: a rebalance moves tasks with their state, it does not
 * replay anything.
 */
@Singleton
public class CatchUp implements KafkaStreams.StateListener {

    private static final Logger LOG = Logger.getLogger(CatchUp.class);
    private static final List<String> INPUTS = List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS,
            Topics.VISITS);

    private final Admin admin;
    private final String group;
    /** Where each input partition stood at the first look after the stores were restored: what "caught up" means. */
    private volatile Map<TopicPartition, Long> target;
    private volatile boolean restored;
    private volatile boolean caughtUp;
    private volatile long lag = -1;

    CatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "target-monitor-catch-up-" + ProcessHandle.current().pid());
        this.admin = Admin.create(properties);
        this.group = applicationId;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Kafka Streams is first RUNNING once every store, the global board's too, is restored. */
    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.RUNNING) {
            restored = true;
        }
    }

    /** Records of the input topics not yet processed by the group as of the last look; -1 before the first. */
    public long lag() {
        return lag;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        if (caughtUp || !restored) {
            return;
        }
        try {
            if (target == null) {
                target = inputEnds();
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (var partition : target.entrySet()) {
                OffsetAndMetadata read = committed.get(partition.getKey());
                behind += Math.max(0, partition.getValue() - (read != null ? read.offset() : 0));
            }
            lag = behind;
            // Every record that was there at the start read: figures judged any earlier would be partial,
            // and alerts raised on them false. What arrives meanwhile is live traffic, not backlog.
            if (behind == 0) {
                caughtUp = true;
                LOG.infof("Caught up with the input topics as they stood at the start");
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Could not measure the lag yet: %s", e.toString());
        }
    }

    /** The input partitions' ends (committed records), an empty partition's as its start. */
    private Map<TopicPartition, Long> inputEnds() throws Exception {
        Map<TopicPartition, Long> where = new HashMap<>();
        // A partition whose records were all deleted by retention has nothing to read below its start.
        offsets(admin, INPUTS, Duration.ofSeconds(10)).forEach((partition, span) ->
                where.put(partition, span[1] > span[0] ? span[1] : 0L));
        return where;
    }

    /**
     * Each partition's first and end offset, {@code {first, end}}, counting committed records only: what
     * a reader at read-committed has before it. Also the benchmark's measure of what the monitor reads.
     */
    public static Map<TopicPartition, long[]> offsets(Admin admin, List<String> topics, Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((topic, description) -> description.partitions().forEach(p -> {
                    ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                    starts.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                }));
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends, committedOnly)
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(starts, committedOnly)
                .all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, long[]> offsets = new HashMap<>();
        end.forEach((partition, info) -> offsets.put(partition, new long[] {start.get(partition).offset(), info.offset()}));
        return offsets;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
