package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.clock.Evaluation;

/**
 * The monitor's own compacted topic: per referral, the latest evaluation of its clocks, keyed by
 * referral id, published by the instance that owns the referral's partition. Every instance reads
 * all of it into its board, so that every instance serves the same figures (the pattern of a
 * Kafka Streams GlobalKTable). An evaluation with no clock and nothing awaiting is a tombstone.
 * It carries referral ids and operational times only.
 */
public final class ClockChangelog {

    private final ObjectMapper json;

    public ClockChangelog(ObjectMapper json) {
        this.json = json;
    }

    /** The record value of an evaluation: JSON, or null (a tombstone) when there is nothing to count. */
    public String encode(Evaluation evaluation) {
        if (evaluation.clocks().isEmpty() && evaluation.awaitingTriageSince() == null) {
            return null;
        }
        try {
            return json.writeValueAsString(evaluation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not encode an evaluation", e);
        }
    }

    public Evaluation decode(String value) {
        if (value == null) {
            return Evaluation.NOTHING;
        }
        try {
            return json.readValue(value, Evaluation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not decode an evaluation of the clock changelog", e);
        }
    }

    /** Creates the compacted topic unless it exists, with as many partitions as the referrals topic. */
    public static void ensureTopic(Map<String, Object> kafkaConfig, String topic) {
        try (Admin admin = Admin.create(new java.util.HashMap<>(kafkaConfig))) {
            Set<String> existing = admin.listTopics().names().get();
            if (existing.contains(topic)) {
                return;
            }
            int partitions = existing.contains(Topics.REFERRALS)
                    ? admin.describeTopics(Set.of(Topics.REFERRALS)).allTopicNames().get().get(Topics.REFERRALS)
                            .partitions().size()
                    : 1;
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) -1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create the topic " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
