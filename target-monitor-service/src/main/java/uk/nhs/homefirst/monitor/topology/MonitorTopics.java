package uk.nhs.homefirst.monitor.topology;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.config.MonitorConfig;

/**
 * Creates the monitor's own topics when they are missing, before Kafka Streams starts (which waits
 * for every topic it reads or writes): the board, the alert list and the figures, compacted, and the late
 * events. Kafka Streams creates its internal topics (changelogs, the judges' repartition topic)
 * itself. The deployments declare these topics too, with the same settings.
 */
@Singleton
public class MonitorTopics {

    private static final Logger LOG = Logger.getLogger(MonitorTopics.class);

    /** A compacted topic of the latest value per key, whose old versions are cleaned within the hour. */
    public static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "segment.ms", "3600000",
            "min.cleanable.dirty.ratio", "0.1");

    private final Map<String, Object> kafka;
    private final MonitorConfig config;

    MonitorTopics(@Identifier("default-kafka-broker") Map<String, Object> kafka, MonitorConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    void create(@Observes StartupEvent startup) throws InterruptedException {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "target-monitor-topics-" + ProcessHandle.current().pid());
        try (Admin admin = Admin.create(properties)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(Topics.REFERRALS)).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(Topics.REFERRALS).partitions().size();
            List<NewTopic> missing = new ArrayList<>();
            for (String compacted : List.of(config.topics().board(), config.topics().alertList(),
                    config.topics().figures())) {
                if (!existing.contains(compacted)) {
                    missing.add(new NewTopic(compacted, Optional.of(partitions), Optional.empty()).configs(COMPACTED));
                }
            }
            if (!existing.contains(config.topics().lateEvents())) {
                missing.add(new NewTopic(config.topics().lateEvents(), Optional.of(partitions), Optional.empty()));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                LOG.infof("Created the topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                // Kafka Streams waits for them: the readiness check says what is missing.
                LOG.warnf("Could not create the monitor's topics: %s", e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warnf("Could not create the monitor's topics: Kafka did not answer in time");
        }
    }
}
