package uk.nhs.homefirst.events.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseBreached;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.TargetAlertRaised;
import uk.nhs.homefirst.events.TargetAlertResolved;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;

/** One reader, one verdict: every check of {@link EventReader}, and that no reason repeats a value. */
class EventReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private static final EventReader READER = EventReader.contract();
    private static final Instant T = Instant.parse("2026-11-23T09:15:00Z");
    private static final String REFERRAL = "0b7d5a3e-3f0e-4c43-9a55-4c7d8f0a1b2c";
    private static final String NHS_NUMBER = "9434765919";
    private static final String FAMILY_NAME = "Lovelace";

    private static ReferralReceived received(String referralId) {
        return new ReferralReceived(referralId, T.minusSeconds(600), T, null, ReferralSource.GP, null, null,
                RequestedUrgency.CRISIS, List.of(ClinicalNeed.FALLS),
                new ReferralReceived.Reason("Fall at home", null),
                new ReferralReceived.Patient(NHS_NUMBER, "Ada", FAMILY_NAME, LocalDate.of(1941, 3, 2), "LE11 3TU",
                        "LE11", "C82001", null),
                new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"));
    }

    /** A record as a producer of the platform writes it, to be spoilt one way at a time. */
    private static final class Record {
        String topic;
        String key;
        final RecordHeaders headers = new RecordHeaders();
        String value;

        Record(String topic, String key, String type, Object data) {
            this.topic = topic;
            this.key = key;
            header(CloudEventHeaders.SPEC_VERSION, "1.0");
            header(CloudEventHeaders.ID, UUID.randomUUID().toString());
            header(CloudEventHeaders.TYPE, type);
            header(CloudEventHeaders.SOURCE, "/homefirst/tests");
            header(CloudEventHeaders.TIME, T.toString());
            header(CloudEventHeaders.SUBJECT, key);
            header(CloudEventHeaders.CONTENT_TYPE, "application/json");
            this.value = write(data);
        }

        Record header(String name, String value) {
            headers.remove(name);
            if (value != null) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
            return this;
        }

        Record field(String field, Object value) {
            ObjectNode data = (ObjectNode) parse(this.value);
            ObjectNode parent = data;
            String[] path = field.split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                parent = (ObjectNode) parent.get(path[i]);
            }
            if (value == null) {
                parent.remove(path[path.length - 1]);
            } else {
                parent.set(path[path.length - 1], JSON.valueToTree(value));
            }
            this.value = write(data);
            return this;
        }

        Reading read() {
            return READER.read(new Reading.Origin(topic, 2, 41L), key,
                    headers, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String write(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Record receivedRecord() {
        return new Record(Topics.REFERRALS, REFERRAL, ReferralReceived.TYPE, received(REFERRAL));
    }

    static Stream<Object> everyEventOfTheContract() {
        String hub = "charnwood-nwl";
        return Stream.of(
                received(REFERRAL),
                new ReferralCancelled(REFERRAL, T, CancellationReason.OTHER, "Moved away"),
                new ReferralTriaged(REFERRAL, UUID.randomUUID().toString(), 1, T, T.minusSeconds(600),
                        Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules", "CRISIS_REQUESTED",
                        ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"),
                new ReferralAllocated(REFERRAL, UUID.randomUUID().toString(), 1, hub, T,
                        AllocationMethod.POSTCODE_DISTRICT, Pathway.URGENT_CRISIS_RESPONSE),
                new VisitRecorded(UUID.randomUUID().toString(), REFERRAL, hub, T, T.plusSeconds(60),
                        VisitOutcome.ATTENDED),
                new TargetAlertRaised(UUID.randomUUID().toString(), hub, ResponseStandard.TWO_HOUR, "24h",
                        new BigDecimal("62.5"), new BigDecimal("70"), 5, 3, T),
                new TargetAlertResolved(UUID.randomUUID().toString(), hub, ResponseStandard.TWO_HOUR, "24h",
                        new BigDecimal("80.0"), new BigDecimal("70"), 8, 2, T, T.plusSeconds(3600)),
                new ResponseAtRisk(REFERRAL, 1, hub, ResponseStandard.TWO_HOUR, T, T.plusSeconds(7200),
                        Duration.ofMinutes(29), T.plusSeconds(5460)),
                new ResponseBreached(REFERRAL, 1, hub, ResponseStandard.TWO_HOUR, T, T.plusSeconds(7200),
                        T.plusSeconds(7200)));
    }

    @ParameterizedTest
    @MethodSource("everyEventOfTheContract")
    void everyEventOfTheContractReadsAsItsRecord(Object data) {
        EventType type = java.util.Arrays.stream(EventType.values()).filter(t -> t.record() == data.getClass())
                .findFirst().orElseThrow();
        String key = Topics.isKeyedByHub(type.topic()) ? "charnwood-nwl" : REFERRAL;
        Record record = new Record(type.topic(), key, type.ceType(), data);

        Reading reading = record.read();

        assertThat(reading).isInstanceOf(Reading.Event.class);
        Reading.Event event = (Reading.Event) reading;
        assertThat(event.data()).isEqualTo(data);
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.key()).isEqualTo(key);
        assertThat(event.time()).isEqualTo(T);
        assertThat(event.source()).isEqualTo("/homefirst/tests");
        assertThat(event.origin()).isEqualTo(new Reading.Origin(type.topic(), 2, 41L));
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                bad("no key", r -> r.key = null, "the record has no key"),
                bad("a key that is not a referral id", r -> r.key = NHS_NUMBER,
                        "the record key is not a referral id (a UUID in lower case)"),
                bad("a key in capitals", r -> r.key = REFERRAL.toUpperCase(),
                        "the record key is not a referral id (a UUID in lower case)"),
                bad("a subject that is not the key",
                        r -> r.header(CloudEventHeaders.SUBJECT, UUID.randomUUID().toString()),
                        "header ce_subject is not the record key"),
                bad("no subject", r -> r.header(CloudEventHeaders.SUBJECT, null), "header ce_subject is missing"),
                bad("no ce_id", r -> r.header(CloudEventHeaders.ID, null), "header ce_id is missing"),
                bad("a ce_id that is not a UUID", r -> r.header(CloudEventHeaders.ID, "event-1"),
                        "header ce_id is not a UUID in lower case"),
                bad("ce_id twice", r -> r.headers.add(CloudEventHeaders.ID,
                        UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)),
                        "header ce_id appears more than once"),
                bad("no spec version", r -> r.header(CloudEventHeaders.SPEC_VERSION, null),
                        "header ce_specversion is missing"),
                bad("spec version 0.3", r -> r.header(CloudEventHeaders.SPEC_VERSION, "0.3"),
                        "header ce_specversion is not 1.0"),
                bad("an unknown type", r -> r.header(CloudEventHeaders.TYPE, "uk.nhs.homefirst.ReferralTeleported.v1"),
                        "header ce_type is not an event type of the contract"),
                bad("an unknown version", r -> r.header(CloudEventHeaders.TYPE, "uk.nhs.homefirst.ReferralReceived.v2"),
                        "header ce_type is version 2 of ReferralReceived, which the contract does not have"),
                bad("a type of another topic", r -> r.header(CloudEventHeaders.TYPE, ReferralTriaged.TYPE),
                        "header ce_type is ReferralTriaged, which is not an event of the referrals topic"),
                bad("no source", r -> r.header(CloudEventHeaders.SOURCE, ""), "header ce_source is missing"),
                bad("no time", r -> r.header(CloudEventHeaders.TIME, null), "header ce_time is missing"),
                bad("a time without offset", r -> r.header(CloudEventHeaders.TIME, "2026-11-23T09:15:00"),
                        "header ce_time is not an RFC 3339 time"),
                bad("XML", r -> r.header(CloudEventHeaders.CONTENT_TYPE, "application/xml"),
                        "header content-type is not application/json"),
                bad("a header that is not UTF-8", r -> {
                    r.headers.remove(CloudEventHeaders.SOURCE);
                    r.headers.add(CloudEventHeaders.SOURCE, new byte[] {(byte) 0xC3, (byte) 0x28});
                }, "header ce_source is not UTF-8 text"),
                bad("no data", r -> r.value = null, "the record has no data"),
                bad("blank data", r -> r.value = " \n", "the record has no data"),
                bad("truncated JSON", r -> r.value = r.value.substring(0, 40),
                        "the data is not valid JSON (line 1, column 41)"),
                bad("two JSON values", r -> r.value = r.value + " {}", "the data is not valid JSON"),
                bad("a field twice", r -> r.value = "{\"referralId\":\"" + REFERRAL + "\"," + r.value.substring(1),
                        "the data is not valid JSON (a field appears more than once"),
                bad("a JSON array", r -> r.value = "[" + r.value + "]", "the data is not a JSON object"),
                bad("JSON null", r -> r.value = "null", "the data is not a JSON object"),
                bad("a missing field", r -> r.field("receivedAt", null),
                        "ReferralReceived does not conform to its schema: field 'receivedAt' is missing"),
                bad("a missing nested field", r -> r.field("patient.gpPracticeOdsCode", null),
                        "field 'patient.gpPracticeOdsCode' is missing"),
                bad("a full postcode as the district", r -> r.field("patient.postcodeDistrict", "LE11 3TU"),
                        "ReferralReceived does not conform to its schema: field 'patient.postcodeDistrict' does "
                                + "not match its pattern"),
                bad("an unknown clinical need", r -> r.field("clinicalNeeds", List.of("FALLS", "SNEEZING")),
                        "field 'clinicalNeeds[1]' is not one of its allowed values"),
                bad("a time that is not one", r -> r.field("receivedAt", "yesterday"),
                        "field 'receivedAt' is not in its format"),
                bad("a number for a text", r -> r.field("reason.text", 7), "field 'reason.text' is of the wrong type"),
                bad("a referral id that is not the key", r -> r.field("referralId", UUID.randomUUID().toString()),
                        "ReferralReceived field 'referralId' is not the record key"));
    }

    private static Arguments bad(String what, Consumer<Record> spoil, String reason) {
        return Arguments.of(what, spoil, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRecords")
    void aBadRecordIsPoisonWithAReasonNamingWhatIsWrong(String what, Consumer<Record> spoil, String reason) {
        Record record = receivedRecord();
        spoil.accept(record);

        Reading reading = record.read();

        assertThat(reading).as(what).isInstanceOf(Reading.Poison.class);
        Reading.Poison poison = (Reading.Poison) reading;
        assertThat(poison.reason()).contains(reason);
        assertThat(poison.origin()).isEqualTo(new Reading.Origin(Topics.REFERRALS, 2, 41L));
        assertThat(poison.reason()).doesNotContain(NHS_NUMBER, FAMILY_NAME, "LE11", "SNEEZING", "yesterday",
                "event-1", "Teleported", "application/xml");
    }

    @Test
    void everyFieldThatFailsIsNamedInAStableOrder() {
        Record record = receivedRecord().field("receivedAt", null).field("source", "FAX")
                .field("patient.postcodeDistrict", "LE11 3TU");

        Reading.Poison poison = (Reading.Poison) record.read();

        assertThat(poison.reason()).isEqualTo("ReferralReceived does not conform to its schema: "
                + "field 'patient.postcodeDistrict' does not match its pattern; field 'receivedAt' is missing; "
                + "field 'source' is not one of its allowed values");
    }

    @Test
    void thePoisonKeepsOnlyWhatWasWellFormed() {
        Record record = receivedRecord().field("patient.postcodeDistrict", "LE11 3TU");
        String eventId = new String(record.headers.lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);

        Reading.Poison poison = (Reading.Poison) record.read();

        assertThat(poison.eventId()).isEqualTo(eventId);
        assertThat(poison.type()).isEqualTo(EventType.REFERRAL_RECEIVED);
        assertThat(poison.key()).isEqualTo(REFERRAL);

        Record badKey = receivedRecord().header(CloudEventHeaders.ID, "not-an-id");
        badKey.key = NHS_NUMBER;
        Reading.Poison early = (Reading.Poison) badKey.read();
        assertThat(early.eventId()).isNull();
        assertThat(early.type()).isNull();
        assertThat(early.key()).isNull();

        Record noHeaders = receivedRecord().header(CloudEventHeaders.SPEC_VERSION, null);
        Reading.Poison first = (Reading.Poison) noHeaders.read();
        assertThat(first.reason()).isEqualTo("header ce_specversion is missing");
        assertThat(first.key()).as("a well-formed key is kept whichever check failed").isEqualTo(REFERRAL);
        assertThat(first.eventId()).isNotNull();
    }

    @Test
    void targetAlertsAreKeyedByHub() {
        TargetAlertRaised alert = new TargetAlertRaised(UUID.randomUUID().toString(), "charnwood-nwl",
                ResponseStandard.TWO_HOUR, "24h", new BigDecimal("62.5"), new BigDecimal("70"), 5, 3, T);

        assertThat(new Record(Topics.TARGET_ALERTS, "charnwood-nwl", TargetAlertRaised.TYPE, alert).read())
                .isInstanceOf(Reading.Event.class);
        assertThat(((Reading.Poison) new Record(Topics.TARGET_ALERTS, "charnwood nwl!", TargetAlertRaised.TYPE, alert)
                .read()).reason()).isEqualTo("the record key is not a hub id");
        assertThat(((Reading.Poison) new Record(Topics.TARGET_ALERTS, "melton-rutland", TargetAlertRaised.TYPE, alert)
                .read()).reason()).isEqualTo("TargetAlertRaised field 'hubId' is not the record key");
    }

    @Test
    void aDeadLetterPointsAtItsRecordAndCopiesNothingOfIt() {
        Record record = receivedRecord().field("patient.postcodeDistrict", "LE11 3TU");
        Reading.Poison poison = (Reading.Poison) record.read();

        ProducerRecord<String, byte[]> letter = DeadLetter.of(poison, "triage-service");

        assertThat(letter.topic()).isEqualTo("referrals.dlq");
        assertThat(letter.key()).isEqualTo(REFERRAL);
        assertThat(letter.value()).isNull();
        assertThat(header(letter, DeadLetter.REASON)).isEqualTo(poison.reason());
        assertThat(header(letter, DeadLetter.TOPIC)).isEqualTo("referrals");
        assertThat(header(letter, DeadLetter.PARTITION)).isEqualTo("2");
        assertThat(header(letter, DeadLetter.OFFSET)).isEqualTo("41");
        assertThat(header(letter, DeadLetter.EVENT_ID)).isEqualTo(poison.eventId());
        assertThat(header(letter, DeadLetter.EVENT_TYPE)).isEqualTo(ReferralReceived.TYPE);
        assertThat(header(letter, DeadLetter.CONSUMER)).isEqualTo("triage-service");
        assertThat(letter.headers().toArray()).allSatisfy(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8))
                .doesNotContain(NHS_NUMBER, FAMILY_NAME, "LE11"));

        Record noKey = receivedRecord();
        noKey.key = NHS_NUMBER;
        ProducerRecord<String, byte[]> keyless = DeadLetter.of((Reading.Poison) noKey.read(), "triage-service");
        assertThat(keyless.key()).isNull();
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
