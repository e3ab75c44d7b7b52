package uk.nhs.homefirst.monitor.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
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
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.platform.inbox.IncomingEvent;

/**
 * The monitor's shortcuts for reading events ({@link EventScanner} for the data, {@link CloudEventType}
 * for the headers) answer exactly as Jackson and {@link IncomingEvent} do: the same fact, or the same
 * poison with the same reason, for events as the producers write them, and for events with their
 * fields moved, added, repeated, removed, given other values, and broken byte by byte.
 */
class EventScannerPropertiesTest {

    /** As Quarkus configures its ObjectMapper by default, which the service's EventFacts is made from. */
    static final ObjectMapper QUARKUS_JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule()).registerModule(new ParameterNamesModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final EventFacts facts = new EventFacts(QUARKUS_JSON);

    /** A fact, or the poison's reason: what reading a record comes to. */
    record Outcome(Optional<Fact> fact, String failure) {
    }

    static Outcome outcome(java.util.function.Supplier<Optional<Fact>> read) {
        try {
            return new Outcome(read.get(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Property(tries = 4000)
    void theDataIsReadAsJacksonReadsIt(@ForAll("events") Event event) {
        ConsumerRecord<String, byte[]> record = EventFactsTest.record(event.topic(), event.key(), event.type(), event.data());

        assertThat(outcome(() -> facts.from(record)))
                .as("%s: %s", event.type(), new String(event.data(), UTF_8))
                .isEqualTo(outcome(() -> facts.fromWithJackson(record)));
    }

    @Property(tries = 3000)
    void theTypeIsJudgedAsIncomingEventJudgesIt(@ForAll("headers") List<Map.Entry<String, byte[]>> headers) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.VISITS, 0, 0, "r1", "{}".getBytes(UTF_8));
        headers.forEach(header -> record.headers().add(header.getKey(), header.getValue()));
        CloudEventType types = new CloudEventType(List.of(VisitRecorded.TYPE, ReferralTriaged.TYPE));

        assertThat(typeOrFailure(() -> types.of(record))).as(describe(headers))
                .isEqualTo(typeOrFailure(() -> IncomingEvent.typeOf(record)));
    }

    @Example
    void eventsAsTheProducersWriteThemAreReadWithoutJackson() throws Exception {
        // Patients' names in any script: the details the monitor skips are still read without Jackson.
        Random random = new Random(1);
        CloudEventType types = new CloudEventType(List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE,
                ReferralTriaged.TYPE, ReferralAllocated.TYPE, VisitRecorded.TYPE));
        for (String type : TYPES) {
            Object event = contractEvent(type, "r1", random);
            byte[] data = QUARKUS_JSON.writeValueAsBytes(event);
            ConsumerRecord<String, byte[]> record = EventFactsTest.record(Topics.VISITS, "r1", type, data);

            assertThat(types.decidedOnTheBytes(record)).as(type).isEqualTo(type);
            assertThat(EventScanner.scan(data, shapeOf(type), "r1")).as(type).isNotNull();
            assertThat(facts.from(record)).isEqualTo(facts.fromWithJackson(record)).isPresent();
        }
    }

    @Property(tries = 3000)
    void instantsAreReadAsInstantParseReadsThem(@ForAll("instants") String text) {
        byte[] bytes = text.getBytes(UTF_8);
        Instant fast = EventScanner.instant(bytes, 0, bytes.length);
        if (fast != null) {
            assertThat(fast).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Example
    void everyInstantOfTheCommonFormIsReadWithoutJackson() {
        for (String text : List.of("2026-11-23T08:00:00Z", "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.1Z", "1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.5Z", "2000-02-29T12:00:00Z")) {
            byte[] bytes = text.getBytes(UTF_8);
            assertThat(EventScanner.instant(bytes, 0, bytes.length)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T23:59:60Z",
                "2026-11-23t08:00:00Z", "2026-11-23T08:00:00+00:00", "2026-11-23T08:00:00.Z", "2100-02-29T00:00:00Z")) {
            byte[] bytes = text.getBytes(UTF_8);
            assertThat(EventScanner.instant(bytes, 0, bytes.length)).as(text).isNull();
        }
    }

    // The events: those of the contract, then taken apart and changed.

    static final List<String> TYPES = List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE, ReferralTriaged.TYPE,
            ReferralAllocated.TYPE, VisitRecorded.TYPE);

    record Event(String topic, String key, String type, byte[] data) {
    }

    @Provide
    Arbitrary<Event> events() {
        return Arbitraries.randomValue(EventScannerPropertiesTest::event);
    }

    static EventScanner.Shape shapeOf(String type) {
        try {
            String name = switch (type) {
                case ReferralReceived.TYPE -> "RECEIPT";
                case ReferralCancelled.TYPE -> "CANCELLATION";
                case ReferralTriaged.TYPE -> "DECISION";
                case ReferralAllocated.TYPE -> "ALLOCATION";
                default -> "VISIT";
            };
            var field = EventFacts.class.getDeclaredField(name);
            field.setAccessible(true);
            return (EventScanner.Shape) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Event event(Random random) {
        String type = TYPES.get(random.nextInt(TYPES.size()));
        String id = random.nextInt(10) == 0 ? pick(random, "r\u00e9f", "", " ", "r\"1", "r1") : "r-" + random.nextInt(1000);
        String key = random.nextInt(8) == 0 ? "other" : id;
        ObjectNode node = QUARKUS_JSON.valueToTree(contractEvent(type, id, random));
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.add(Map.entry(field.getKey(), field.getValue().toString()));
        }
        int edits = random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            edit(random, fields);
        }
        StringBuilder json = new StringBuilder();
        json.append(space(random)).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                json.append(space(random)).append(',');
            }
            json.append(space(random)).append(QUARKUS_JSON.valueToTree(fields.get(i).getKey()).toString())
                    .append(space(random)).append(':').append(space(random)).append(fields.get(i).getValue());
        }
        json.append(space(random)).append('}').append(space(random));
        byte[] data = json.toString().getBytes(UTF_8);
        if (random.nextInt(4) == 0) {
            data = mutate(random, data);
        }
        return new Event(Topics.VISITS, key, type, data);
    }

    static Object contractEvent(String type, String id, Random random) {
        Instant t = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(4) == 0 ? 0
                : random.nextInt(1_000_000_000) / (int) Math.pow(10, random.nextInt(7)) * (int) Math.pow(10, random.nextInt(3)));
        return switch (type) {
            case ReferralReceived.TYPE -> new ReferralReceived(id, t, t.plusSeconds(5), random.nextBoolean() ? t : null,
                    ReferralSource.GP, random.nextBoolean() ? "EMIS" : null, "X1", RequestedUrgency.CRISIS,
                    List.of(ClinicalNeed.FALLS, ClinicalNeed.FRAILTY_DECOMPENSATION),
                    new ReferralReceived.Reason(pick(random, "Fall at home", "Said \"help\"\n", "Caf\u00e9 \u2014 fell", "a\\b"),
                            "217082002"),
                    new ReferralReceived.Patient("9990000018", pick(random, "Mary", "Zo\u00eb", "\u674e", "\ud83d\ude00 Smile"), "Shelley",
                            LocalDate.of(1950, 5, 17), "LE11 3TU", "LE11", "C82001", "0116 496 0000"),
                    new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"));
            case ReferralCancelled.TYPE -> new ReferralCancelled(id, t, CancellationReason.PATIENT_ADMITTED,
                    random.nextBoolean() ? null : "in hospital");
            case ReferralTriaged.TYPE -> new ReferralTriaged(id, "d" + random.nextInt(99), 1 + random.nextInt(3),
                    t.plusSeconds(60), t, Pathway.URGENT_CRISIS_RESPONSE,
                    random.nextInt(4) == 0 ? null : ResponseStandard.values()[random.nextInt(3)], "rules", "R1",
                    ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001");
            case ReferralAllocated.TYPE -> new ReferralAllocated(id, "a" + random.nextInt(99), 1 + random.nextInt(3),
                    pick(random, "charnwood-nwl", "melton-rutland"), t, AllocationMethod.values()[random.nextInt(2)],
                    Pathway.URGENT_CRISIS_RESPONSE);
            default -> new VisitRecorded("v" + random.nextInt(99), id, "charnwood-nwl", t, t.plusSeconds(60),
                    VisitOutcome.values()[random.nextInt(4)]);
        };
    }

    /** One change to the fields: moved, added, repeated, removed, or given another value. */
    static void edit(Random random, List<Map.Entry<String, String>> fields) {
        int at = random.nextInt(fields.size() + 1);
        switch (random.nextInt(6)) {
            case 0 -> java.util.Collections.shuffle(fields, random);
            case 1 -> fields.add(at, Map.entry(pick(random, "extra", "nested", "referralid", "r\u00e9f", "a\"b", ""),
                    value(random, 0)));
            case 2 -> {
                if (!fields.isEmpty()) {
                    fields.remove(random.nextInt(fields.size()));
                }
            }
            case 3 -> {
                if (!fields.isEmpty()) {
                    Map.Entry<String, String> again = fields.get(random.nextInt(fields.size()));
                    fields.add(at, Map.entry(again.getKey(), random.nextBoolean() ? again.getValue() : oddValue(random)));
                }
            }
            default -> {
                if (!fields.isEmpty()) {
                    int which = random.nextInt(fields.size());
                    fields.set(which, Map.entry(fields.get(which).getKey(), oddValue(random)));
                }
            }
        }
    }

    /** Values a field of the monitor might be given: right, nearly right, of another kind. */
    static String oddValue(Random random) {
        return pick(random,
                // texts
                "\"r-1\"", "\"\"", "\"  \"", "\"a\\u0062c\"", "\"caf\u00e9\"", "\"tab\\t\"", "\"\\\"\"", "\"r1\"",
                // instants
                "\"2026-11-23T08:00:00Z\"", "\"2026-11-23T08:00:00.123456789Z\"", "\"2026-11-23T08:00:00+00:00\"",
                "\"2026-11-23t08:00:00z\"", "\"2026-02-29T00:00:00Z\"", "\"2024-02-29T00:00:00Z\"",
                "\"2026-11-23T24:00:00Z\"", "\"2026-11-23T23:59:60Z\"", "\"+12026-11-23T08:00:00Z\"", "1700000000",
                "1700000000.5", "\" 2026-11-23T08:00:00Z\"", "\"2026-11-23T08:00Z\"", "\"0000-01-01T00:00:00Z\"",
                "\"2026-11-23T08:00:00.Z\"", "\"2026-11-23T08:00:00.1234567890Z\"", "\"2026-11-23T08:00:00\\u005a\"",
                // numbers
                "1", "0", "-1", "2", "01", "-0", "1.0", "1.5", "1e2", "\"2\"", "2147483648", "999999999", "1234567890",
                "+1", "-", "1x",
                // names
                "\"TWO_HOUR\"", "\"TWO_DAY\"", "\"two_hour\"", "\"ATTENDED\"", "\"MANUAL\"", "\"POSTCODE_DISTRICT\"",
                "\"X\"", "\"TWO_HOUR \"", "\"CANCELLED\"",
                // other kinds
                "null", "true", "false", "{}", "[]", "{\"a\":1}", "[1,2]", "nul", "nullx", "truee");
    }

    /** Any JSON value, sometimes not quite JSON. */
    static String value(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 7);
        return switch (kind) {
            case 0 -> pick(random, "\"plain\"", "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"",
                    "\"bad \\x escape\"", "\"bad \\u12G4\"", "\"raw\ttab\"", "\"\u00e9\u4e2d\ud83d\ude00\u007f\"", "\"\"",
                    "\"unterminated");
            case 1 -> pick(random, "0", "-1", "3.25", "-0.5e-3", "1E+9", "12345678901234567890", "01", "1.", ".5", "1e",
                    "-", "+1", "0x1F", "NaN", "1_000");
            case 2 -> pick(random, "true", "false", "null", "TRUE", "nil", "truefalse");
            case 3 -> oddValue(random);
            case 4, 5 -> {
                StringBuilder out = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(space(random)).append('"').append(pick(random, "k", "referralId",
                            "visitId", "k\u00e9", "k\\\"")).append("\":").append(value(random, depth + 1));
                }
                yield out.append(pick(random, "}", "}", "}", "}", "}", "}", "}", "}", "}", "}", ",}", "]")).toString();
            }
            default -> {
                StringBuilder out = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i > 0 ? "," : "").append(space(random)).append(value(random, depth + 1));
                }
                yield out.append(pick(random, "]", "]", "]", "]", "]", "]", "]", "]", "]", "]", ",]", "}")).toString();
            }
        };
    }

    static String space(Random random) {
        if (random.nextInt(400) == 0) {
            return pick(random, "\u000b", "\u00a0", "\f", "/**/"); // not JSON's white space
        }
        return random.nextInt(3) > 0 ? "" : pick(random, " ", "\n", "\t", "\r\n", "  ");
    }

    /** A byte changed, dropped or added, the data cut short, something after it, a byte-order mark before it. */
    static byte[] mutate(Random random, byte[] data) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : data) {
            bytes.add(b);
        }
        int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size());
        byte[] interesting = { '{', '}', '[', ']', '"', '\\', ',', ':', ' ', '0', '-', 'e', '.', 'n', 0, 0x1f, (byte) 0xc3,
                (byte) 0xff, (byte) 0x80 };
        switch (random.nextInt(7)) {
            case 0 -> {
                if (!bytes.isEmpty()) {
                    bytes.set(at, interesting[random.nextInt(interesting.length)]);
                }
            }
            case 6 -> {
                // UTF-8 right (é, —, an emoji) and wrong (overlong, a surrogate, beyond U+10FFFF, cut short).
                int[][] sequences = { { 0xc3, 0xa9 }, { 0xe2, 0x80, 0x94 }, { 0xf0, 0x9f, 0x98, 0x80 }, { 0xc0, 0x80 },
                        { 0xed, 0xa0, 0x80 }, { 0xf4, 0x90, 0x80, 0x80 }, { 0xe0, 0x80, 0x80 }, { 0xf0, 0x80, 0x80, 0x80 },
                        { 0xe2, 0x80 }, { 0xc1, 0xbf }, { 0xf5, 0x80, 0x80, 0x80 } };
                int[] sequence = sequences[random.nextInt(sequences.length)];
                for (int i = sequence.length - 1; i >= 0; i--) {
                    bytes.add(at, (byte) sequence[i]);
                }
            }
            case 1 -> {
                if (!bytes.isEmpty()) {
                    bytes.remove(at);
                }
            }
            case 2 -> bytes.add(at, interesting[random.nextInt(interesting.length)]);
            case 3 -> bytes.subList(at, bytes.size()).clear();
            case 4 -> {
                for (byte b : pick(random, " x", "}", " {\"a\":1}", "\n", " null", "garbage").getBytes(UTF_8)) {
                    bytes.add(b);
                }
            }
            default -> {
                bytes.add(0, (byte) 0xbf);
                bytes.add(0, (byte) 0xbb);
                bytes.add(0, (byte) 0xef);
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    @SafeVarargs
    static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // The headers.

    @Provide
    Arbitrary<List<Map.Entry<String, byte[]>>> headers() {
        return Arbitraries.randomValue(random -> {
            List<Map.Entry<String, byte[]>> headers = new ArrayList<>();
            for (String name : List.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                    CloudEventHeaders.SOURCE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT)) {
                int copies = random.nextInt(10) == 0 ? 0 : random.nextInt(8) == 0 ? 2 : 1;
                for (int i = 0; i < copies; i++) {
                    headers.add(new java.util.AbstractMap.SimpleEntry<>(name, headerValue(random, name)));
                }
            }
            java.util.Collections.shuffle(headers, random);
            return headers;
        });
    }

    static byte[] headerValue(Random random, String name) {
        if (random.nextInt(15) == 0) {
            return null;
        }
        String text = switch (random.nextInt(3) == 0 ? 0 : 1) {
            case 0 -> pick(random, "", " ", "\t\n", "\u001c", "\u00a0", "\u2003", "\u00e9", "x", " x ");
            default -> switch (name) {
                case CloudEventHeaders.TYPE -> pick(random, VisitRecorded.TYPE, ReferralTriaged.TYPE, ReferralReceived.TYPE,
                        VisitRecorded.TYPE + " ", "uk.nhs.homefirst.Mystery.v9");
                case CloudEventHeaders.TIME -> pick(random, "2026-11-23T08:00:00Z", "2026-11-23T08:00:00.5Z",
                        "2026-11-23T08:00:00+01:00", "23/11/2026", "2026-02-30T08:00:00Z", "2026-11-23T08:00:00z",
                        "2026-11-23T23:59:60Z");
                default -> "value-" + random.nextInt(9);
            };
        };
        byte[] bytes = text.getBytes(UTF_8);
        if (random.nextInt(20) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) 0xff;
        }
        return bytes;
    }

    static String typeOrFailure(java.util.function.Supplier<String> type) {
        try {
            return type.get();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    static String describe(List<Map.Entry<String, byte[]>> headers) {
        StringBuilder out = new StringBuilder();
        headers.forEach(h -> out.append(h.getKey()).append('=')
                .append(h.getValue() == null ? "null" : "'" + new String(h.getValue(), UTF_8) + "'").append(' '));
        return out.toString();
    }

    @Provide
    Arbitrary<String> instants() {
        return Arbitraries.randomValue(random -> {
            if (random.nextInt(3) == 0) {
                Instant t = Instant.ofEpochSecond(random.nextLong() % 253_402_300_799L, random.nextInt(1_000_000_000));
                return t.toString();
            }
            StringBuilder text = new StringBuilder();
            text.append(String.format("%04d-%02d-%02dT%02d:%02d:%02d", random.nextInt(10_000), random.nextInt(14),
                    random.nextInt(33), random.nextInt(25), random.nextInt(61), random.nextInt(61)));
            int fraction = random.nextInt(12);
            if (fraction > 0) {
                text.append('.');
                for (int i = 1; i < fraction; i++) {
                    text.append(random.nextInt(10));
                }
            }
            return text.append(pick(random, "Z", "Z", "z", "+00:00", "")).toString();
        });
    }
}
