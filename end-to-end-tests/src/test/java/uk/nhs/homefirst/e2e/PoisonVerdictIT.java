package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * One verdict everywhere. The same kinds of bad record go to every input topic of the platform, and
 * every consumer of that topic, in whichever service, must judge each the same way: a dead letter
 * with the same reason as the contract's reader gives, no copy of the record, and the good records
 * behind it on the same partition applied, once each, though each was delivered twice.
 *
 * <p>The target monitor reads every input topic through {@link EventReader} and dead-letters with
 * {@link DeadLetter}, in its Kafka Streams topology. It keeps no processed-event log (exactly once is
 * Kafka Streams' transactions), so the good records it applies are checked by its own tests.
 */
class PoisonVerdictIT {

    /** Every consumer of each input topic, by the name it records processed events and dead letters under. */
    static final Map<String, List<String>> CONSUMERS = Map.of(
            Topics.REFERRALS, List.of("triage-service", "hub-allocation-service", "target-monitor-service"),
            Topics.ASSESSMENTS, List.of("hub-allocation-service", "referral-service/assessments", "target-monitor-service"),
            // triage-service reads allocations for ReferralSentBack only: it judges every record, applies none here.
            Topics.ALLOCATIONS, List.of("referral-service/allocations", "target-monitor-service", "triage-service"),
            Topics.VISITS, List.of("referral-service/visits", "target-monitor-service"));
    /** The service whose database holds each consumer's processed events. */
    private static final Map<String, String> SERVICE = Map.of(
            "triage-service", "triage-service", "hub-allocation-service", "hub-allocation-service",
            "referral-service/assessments", "referral-service", "referral-service/allocations", "referral-service",
            "referral-service/visits", "referral-service");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Instant T = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    private static final String NHS_NUMBER = "9990000042";

    private static KafkaTestClient kafka;
    /** Each topic's key, its bad records by kind with where they landed, and its good records by event id. */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();
    private static final Map<String, Map<String, ProducerRecord<String, String>>> BAD = new LinkedHashMap<>();
    private static final Map<String, Map<String, RecordMetadata>> BAD_AT = new LinkedHashMap<>();
    private static final Map<String, List<ProducerRecord<String, String>>> GOOD = new LinkedHashMap<>();

    @BeforeAll
    static void sendTheSameBadRecordsToEveryInputTopic() {
        Platform.services();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        for (String topic : CONSUMERS.keySet()) {
            String key = UUID.randomUUID().toString();
            KEYS.put(topic, key);
            List<ProducerRecord<String, String>> good = goodRecords(topic, key);
            Map<String, ProducerRecord<String, String>> bad = badRecords(topic, good.get(0));
            Map<String, RecordMetadata> at = new LinkedHashMap<>();
            bad.forEach((kind, record) -> at.put(kind, kafka.send(record)));
            // The good records after the bad ones, on the same partition, each twice under the same id.
            for (ProducerRecord<String, String> record : good) {
                kafka.send(record);
                kafka.send(copy(record));
            }
            BAD.put(topic, bad);
            BAD_AT.put(topic, at);
            GOOD.put(topic, good);
        }
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void goodRecordsAreAppliedOnceByEachConsumer() {
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (var topic : CONSUMERS.entrySet()) {
                for (String consumer : topic.getValue()) {
                    if (!SERVICE.containsKey(consumer)) {
                        continue; // the target monitor: no processed-event log to count in
                    }
                    for (ProducerRecord<String, String> good : GOOD.get(topic.getKey())) {
                        String eventId = header(good, CloudEventHeaders.ID);
                        String type = header(good, CloudEventHeaders.TYPE);
                        boolean recorded = !(consumer.equals("hub-allocation-service") && type.equals(ReferralReceived.TYPE))
                                && !(consumer.equals("triage-service") && topic.getKey().equals(Topics.ALLOCATIONS));
                        if (recorded) {
                            assertThat(Platform.count(SERVICE.get(consumer),
                                    "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                                    consumer, eventId)).as("%s applied %s on %s", consumer, type, topic.getKey())
                                    .isEqualTo(1);
                        }
                    }
                }
            }
        });
        // Once each, though delivered twice: triage decided once, hub allocation allocated once, and
        // referral-service kept one milestone of each.
        assertThat(kafka.read(Topics.ASSESSMENTS, r -> KEYS.get(Topics.REFERRALS).equals(r.key()))).hasSize(1);
        assertThat(kafka.read(Topics.ALLOCATIONS, r -> KEYS.get(Topics.ASSESSMENTS).equals(r.key()))).hasSize(1);
        Map<String, String> milestones = Map.of(Topics.ASSESSMENTS, "TRIAGED", Topics.ALLOCATIONS, "ALLOCATED",
                Topics.VISITS, "VISIT");
        milestones.forEach((topic, kind) -> assertThat(Platform.count("referral-service",
                "SELECT count(*) FROM referral_timeline WHERE referral_id = ? AND kind = ?",
                UUID.fromString(KEYS.get(topic)), kind)).as("%s milestones of the key of %s", kind, topic).isEqualTo(1));
    }

    @Test
    void everyConsumerOfATopicJudgesEachBadRecordAsTheContractDoes() {
        List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            deadLetters.clear();
            for (String topic : CONSUMERS.keySet()) {
                deadLetters.addAll(kafka.read(DeadLetter.topicOf(topic), r -> true));
            }
            for (var topic : CONSUMERS.entrySet()) {
                for (var bad : BAD_AT.get(topic.getKey()).entrySet()) {
                    assertThat(lettersOf(deadLetters, bad.getValue()).keySet()).as("%s on %s", bad.getKey(), topic.getKey())
                            .containsAll(topic.getValue());
                }
            }
        });
        Map<String, String> reasons = new LinkedHashMap<>();
        for (var topic : CONSUMERS.entrySet()) {
            for (var bad : BAD_AT.get(topic.getKey()).entrySet()) {
                ProducerRecord<String, String> record = BAD.get(topic.getKey()).get(bad.getKey());
                Reading verdict = EventReader.contract().read(asConsumed(record, bad.getValue()));
                assertThat(verdict).as("%s on %s", bad.getKey(), topic.getKey()).isInstanceOf(Reading.Poison.class);
                String reason = ((Reading.Poison) verdict).reason();
                Map<String, List<ConsumerRecord<String, String>>> letters = lettersOf(deadLetters, bad.getValue());
                for (String consumer : topic.getValue()) {
                    assertThat(letters.get(consumer)).as("%s's dead letters of %s on %s", consumer, bad.getKey(),
                            topic.getKey()).singleElement().satisfies(letter -> {
                                assertThat(KafkaTestClient.header(letter, DeadLetter.REASON)).isEqualTo(reason);
                                assertThat(letter.value()).isNull();
                                assertThat(letter.headers().toArray()).allSatisfy(h -> assertThat(
                                        new String(h.value(), StandardCharsets.UTF_8)).doesNotContain(NHS_NUMBER));
                            });
                }
                reasons.put(topic.getKey() + ": " + bad.getKey(), reason);
            }
        }
        reasons.forEach((record, reason) -> System.out.printf("%-40s %s%n", record, reason));
        // None of the good records was judged poison by anyone: a consumer's dead letters under the
        // topic's key are those of the bad records that have the key.
        for (var topic : CONSUMERS.entrySet()) {
            assertThat(deadLetters).filteredOn(letter -> topic.getKey().equals(KafkaTestClient.header(letter, DeadLetter.TOPIC))
                    && KEYS.get(topic.getKey()).equals(letter.key())
                    && topic.getValue().contains(String.valueOf(KafkaTestClient.header(letter, DeadLetter.CONSUMER))))
                    .hasSize((BAD.get(topic.getKey()).size() - 1) * topic.getValue().size());
        }
    }

    /** The dead letters of one record, by the consumer that wrote them. */
    private static Map<String, List<ConsumerRecord<String, String>>> lettersOf(
            List<ConsumerRecord<String, String>> deadLetters, RecordMetadata at) {
        return deadLetters.stream()
                .filter(letter -> at.topic().equals(KafkaTestClient.header(letter, DeadLetter.TOPIC))
                        && String.valueOf(at.partition()).equals(KafkaTestClient.header(letter, DeadLetter.PARTITION))
                        && String.valueOf(at.offset()).equals(KafkaTestClient.header(letter, DeadLetter.OFFSET))
                        && KafkaTestClient.header(letter, DeadLetter.CONSUMER) != null)
                .collect(Collectors.groupingBy(letter -> KafkaTestClient.header(letter, DeadLetter.CONSUMER)));
    }

    private static List<ProducerRecord<String, String>> goodRecords(String topic, String key) {
        return switch (topic) {
            case Topics.REFERRALS -> List.of(
                    event(topic, key, ReferralReceived.TYPE, new ReferralReceived(key, T, T, null, ReferralSource.GP, null,
                            null, RequestedUrgency.CRISIS, List.of(ClinicalNeed.FALLS),
                            new ReferralReceived.Reason("Fall at home", null),
                            new ReferralReceived.Patient(NHS_NUMBER, "Vita", "Testwell", LocalDate.of(1940, 2, 3),
                                    "LE11 3TU", "LE11", "C82001", null),
                            new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Fakename"))),
                    event(topic, key, ReferralCancelled.TYPE,
                            new ReferralCancelled(key, T.plusSeconds(600), CancellationReason.PATIENT_ADMITTED, null)));
            case Topics.ASSESSMENTS -> List.of(event(topic, key, ReferralTriaged.TYPE, new ReferralTriaged(key,
                    UUID.randomUUID().toString(), 1, T.plusSeconds(60), T, Pathway.URGENT_CRISIS_RESPONSE,
                    ResponseStandard.TWO_HOUR, "rules", "CRISIS_REQUESTED", ReferralSource.GP, RequestedUrgency.CRISIS,
                    "LE11", "C82001")));
            case Topics.ALLOCATIONS -> List.of(event(topic, key, ReferralAllocated.TYPE, new ReferralAllocated(key,
                    UUID.randomUUID().toString(), 1, "charnwood-nwl", T.plusSeconds(120),
                    AllocationMethod.POSTCODE_DISTRICT, Pathway.URGENT_CRISIS_RESPONSE)));
            case Topics.VISITS -> List.of(event(topic, key, VisitRecorded.TYPE, new VisitRecorded(
                    UUID.randomUUID().toString(), key, "charnwood-nwl", T.plusSeconds(3600), T.plusSeconds(3660),
                    VisitOutcome.ATTENDED)));
            default -> throw new IllegalArgumentException(topic);
        };
    }

    /** The same kinds of bad record for every topic, each a spoilt copy of the topic's first good record. */
    private static Map<String, ProducerRecord<String, String>> badRecords(String topic, ProducerRecord<String, String> good) {
        String type = header(good, CloudEventHeaders.TYPE);
        String name = EventType.of(type).orElseThrow().eventName();
        Map<String, ProducerRecord<String, String>> bad = new LinkedHashMap<>();
        bad.put("no key", spoilt(good, r -> new ProducerRecord<>(r.topic(), (Integer) null, (String) null, r.value(), r.headers())));
        bad.put("key not the subject", spoilt(good, r -> header(r, CloudEventHeaders.SUBJECT,
                UUID.randomUUID().toString())));
        bad.put("unknown type", spoilt(good, r -> header(r, CloudEventHeaders.TYPE, "uk.nhs.homefirst.ReferralTeleported.v1")));
        bad.put("unknown version", spoilt(good, r -> header(r, CloudEventHeaders.TYPE, type.replace(".v1", ".v9"))));
        bad.put("truncated JSON", spoilt(good, r -> new ProducerRecord<>(r.topic(), null, r.key(),
                r.value().substring(0, 30), r.headers())));
        String missing = switch (name) {
            case "ReferralReceived" -> "receivedAt";
            case "ReferralTriaged" -> "pathway";
            case "ReferralAllocated" -> "allocatedAt";
            default -> "visitedAt";
        };
        bad.put("missing field", spoilt(good, r -> data(r, d -> d.remove(missing))));
        // The field the consumers decide on: the district (a full postcode in it), the hub, the outcome.
        bad.put("bad decided-on field", spoilt(good, r -> data(r, d -> {
            switch (name) {
                case "ReferralReceived" -> ((ObjectNode) d.get("patient")).put("postcodeDistrict", "LE11 3TU");
                case "ReferralTriaged" -> d.put("postcodeDistrict", "LE11 3TU");
                case "ReferralAllocated" -> d.put("hubId", "charnwood nwl");
                default -> d.put("outcome", "WAVED");
            }
        })));
        return bad;
    }

    private static ProducerRecord<String, String> event(String topic, String key, String type, Object data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, Json.write(data));
        header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(record, CloudEventHeaders.ID, UUID.randomUUID().toString());
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/homefirst/tests");
        header(record, CloudEventHeaders.TIME, T.toString());
        header(record, CloudEventHeaders.SUBJECT, key);
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return record;
    }

    /** A copy of the record with a new event id, changed by {@code spoil}. */
    private static ProducerRecord<String, String> spoilt(ProducerRecord<String, String> good,
            java.util.function.UnaryOperator<ProducerRecord<String, String>> spoil) {
        ProducerRecord<String, String> copy = copy(good);
        header(copy, CloudEventHeaders.ID, UUID.randomUUID().toString());
        return spoil.apply(copy);
    }

    private static ProducerRecord<String, String> copy(ProducerRecord<String, String> record) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(record.topic(), record.key(), record.value());
        record.headers().forEach(h -> copy.headers().add(h.key(), h.value()));
        return copy;
    }

    private static ProducerRecord<String, String> data(ProducerRecord<String, String> record, Consumer<ObjectNode> change) {
        ObjectNode data = Json.read(record.value(), ObjectNode.class);
        change.accept(data);
        return new ProducerRecord<>(record.topic(), null, record.key(), Json.write(data), record.headers());
    }

    private static ProducerRecord<String, String> header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> asConsumed(ProducerRecord<String, String> record, RecordMetadata at) {
        ConsumerRecord<String, String> consumed = new ConsumerRecord<>(at.topic(), at.partition(), at.offset(),
                record.key(), record.value());
        record.headers().forEach(h -> consumed.headers().add(h.key(), h.value()));
        return consumed;
    }
}
