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
import uk.nhs.homefirst.monitor.config.MonitorConfig;

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
    private final long maxLag;
    private volatile boolean restored;
    private volatile boolean caughtUp;
    private volatile long lag = -1;

    CatchUp(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "quarkus.kafka-streams.application-id") String applicationId, MonitorConfig config) {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "target-monitor-catch-up-" + ProcessHandle.current().pid());
        this.admin = Admin.create(properties);
        this.group = applicationId;
        this.maxLag = config.caughtUpLag();
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
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
            admin.describeTopics(INPUTS).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> {
                        ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                        starts.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                    }));
            ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends, committedOnly)
                    .all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(starts, committedOnly)
                    .all().get(10, TimeUnit.SECONDS);
            long behind = 0;
            for (var partition : end.entrySet()) {
                OffsetAndMetadata read = committed.get(partition.getKey());
                long from = read != null ? read.offset() : start.get(partition.getKey()).offset();
                behind += Math.max(0, partition.getValue().offset() - from);
            }
            lag = behind;
            if (behind <= maxLag) {
                caughtUp = true;
                LOG.infof("Caught up with the input topics (%d records behind)", behind);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debugf("Could not measure the lag yet: %s", e.toString());
        }
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
