package uk.nhs.homefirst.monitor.messaging;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.ExclusionReason;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.platform.time.IsoInstant;

/**
 * The monitor's own compacted topic: per referral, the latest evaluation of its clocks, keyed by
 * referral id, published by the instance that owns the referral's partition. Every instance reads
 * all of it into its board, so that every instance serves the same figures (the pattern of a
 * Kafka Streams GlobalKTable). An evaluation with no clock and nothing awaiting is a tombstone.
 * It carries referral ids and operational times only.
 */
public final class ClockChangelog {

    private final JsonFactory factory;
    /** Hub ids are few: one String each, not one per clock. */
    private final Map<String, String> hubs = new ConcurrentHashMap<>();

    public ClockChangelog(ObjectMapper json) {
        // A shared buffer pool rather than one per thread: the feeds' threads are few and long-lived.
        this.factory = json.getFactory().copy().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
    }

    /**
     * The record value of an evaluation: JSON in UTF-8, or null (a tombstone) when there is nothing to count.
     * Written field by field with Jackson's streaming API, as the records' own shape, because a replay
     * writes and reads hundreds of thousands of them.
     */
    public byte[] encode(Evaluation evaluation) {
        if (evaluation.clocks().isEmpty() && evaluation.awaitingTriageSince() == null) {
            return null;
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(160 + 320 * evaluation.clocks().size());
        try (JsonGenerator out = factory.createGenerator(bytes, JsonEncoding.UTF8)) {
            out.writeStartObject();
            out.writeArrayFieldStart("clocks");
            for (ResponseClock clock : evaluation.clocks()) {
                out.writeStartObject();
                out.writeStringField("referralId", clock.referralId());
                out.writeNumberField("sequence", clock.sequence());
                writeName(out, "standard", clock.standard());
                writeInstant(out, "startedAt", clock.startedAt());
                writeInstant(out, "deadline", clock.deadline());
                writeInstant(out, "stoppedAt", clock.stoppedAt());
                writeName(out, "settled", clock.settled());
                writeInstant(out, "settledAt", clock.settledAt());
                writeName(out, "exclusionReason", clock.exclusionReason());
                out.writeStringField("settledHub", clock.settledHub());
                out.writeStringField("hubAtDeadline", clock.hubAtDeadline());
                out.writeStringField("currentHub", clock.currentHub());
                out.writeEndObject();
            }
            out.writeEndArray();
            writeInstant(out, "awaitingTriageSince", evaluation.awaitingTriageSince());
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("Could not encode an evaluation", e);
        }
        return bytes.toByteArray();
    }

    /** The evaluation of a record value; a field this version does not know is skipped. */
    public Evaluation decode(byte[] value) {
        if (value == null) {
            return Evaluation.NOTHING;
        }
        try (JsonParser in = factory.createParser(value)) {
            expect(in.nextToken(), JsonToken.START_OBJECT);
            List<ResponseClock> clocks = List.of();
            Instant awaitingTriageSince = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String field = in.currentName();
                JsonToken token = in.nextToken();
                switch (field) {
                    case "clocks" -> clocks = readClocks(in, token);
                    case "awaitingTriageSince" -> awaitingTriageSince = readInstant(in, token);
                    default -> in.skipChildren();
                }
            }
            return new Evaluation(clocks, awaitingTriageSince);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not decode an evaluation of the clock changelog", e);
        }
    }

    private List<ResponseClock> readClocks(JsonParser in, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        expect(token, JsonToken.START_ARRAY);
        List<ResponseClock> clocks = new ArrayList<>(2);
        while (in.nextToken() != JsonToken.END_ARRAY) {
            expect(in.currentToken(), JsonToken.START_OBJECT);
            clocks.add(readClock(in));
        }
        return List.copyOf(clocks);
    }

    private ResponseClock readClock(JsonParser in) throws IOException {
        String referralId = null;
        int sequence = 0;
        ResponseStandard standard = null;
        Instant startedAt = null;
        Instant deadline = null;
        Instant stoppedAt = null;
        ClockStatus settled = null;
        Instant settledAt = null;
        ExclusionReason exclusionReason = null;
        String settledHub = null;
        String hubAtDeadline = null;
        String currentHub = null;
        while (in.nextToken() == JsonToken.FIELD_NAME) {
            String field = in.currentName();
            JsonToken token = in.nextToken();
            switch (field) {
                case "referralId" -> referralId = in.getValueAsString();
                case "sequence" -> sequence = in.getIntValue();
                case "standard" -> standard = readName(in, token, ResponseStandard.class);
                case "startedAt" -> startedAt = readInstant(in, token);
                case "deadline" -> deadline = readInstant(in, token);
                case "stoppedAt" -> stoppedAt = readInstant(in, token);
                case "settled" -> settled = readName(in, token, ClockStatus.class);
                case "settledAt" -> settledAt = readInstant(in, token);
                case "exclusionReason" -> exclusionReason = readName(in, token, ExclusionReason.class);
                case "settledHub" -> settledHub = readHub(in);
                case "hubAtDeadline" -> hubAtDeadline = readHub(in);
                case "currentHub" -> currentHub = readHub(in);
                default -> in.skipChildren();
            }
        }
        return new ResponseClock(referralId, sequence, standard, startedAt, deadline, stoppedAt, settled, settledAt,
                exclusionReason, settledHub, hubAtDeadline, currentHub);
    }

    private String readHub(JsonParser in) throws IOException {
        String hub = in.getValueAsString();
        return hub == null ? null : hubs.computeIfAbsent(hub, h -> h);
    }

    private static void writeInstant(JsonGenerator out, String field, Instant value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeStringField(field, IsoInstant.format(value));
        }
    }

    private static void writeName(JsonGenerator out, String field, Enum<?> value) throws IOException {
        if (value == null) {
            out.writeNullField(field);
        } else {
            out.writeStringField(field, value.name());
        }
    }

    private static Instant readInstant(JsonParser in, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_NULL ? null : IsoInstant.parse(in.getText());
    }

    private static <E extends Enum<E>> E readName(JsonParser in, JsonToken token, Class<E> type) throws IOException {
        return token == JsonToken.VALUE_NULL ? null : Enum.valueOf(type, in.getText());
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + actual);
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
