package uk.nhs.homefirst.monitor.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static uk.nhs.homefirst.monitor.rest.AsOps.asOps;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * The monitor fed through the real broker, as the other services feed it. Each test counts for a
 * hub of its own, so that tests sharing the topics do not see each other's clocks.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class TargetsIT {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static KafkaTestClient kafka;
    private String hub;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void ownHub() {
        hub = "hub-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }

    private String triaged(Instant receivedAt, ResponseStandard standard) {
        return triaged(receivedAt, standard, UUID.randomUUID().toString());
    }

    private String triaged(Instant receivedAt, ResponseStandard standard, String id) {
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id,
                UUID.randomUUID().toString(), 1, receivedAt.plusSeconds(30), receivedAt,
                standard == ResponseStandard.TWO_HOUR ? Pathway.URGENT_CRISIS_RESPONSE : Pathway.HOME_FIRST_REABLEMENT,
                standard, "rules", "TEST", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"));
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, hub, receivedAt.plusSeconds(60), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE));
        return id;
    }

    private VisitRecorded visit(String referralId, Instant at, VisitOutcome outcome) {
        return new VisitRecorded(UUID.randomUUID().toString(), referralId, hub, at, Instant.now(), outcome);
    }

    private JsonNode window(String standard, String window) {
        JsonNode body = Json.read(asOps().get("/api/targets/" + hub).then().statusCode(200).extract().asString(),
                JsonNode.class);
        for (JsonNode s : body.get("standards")) {
            if (s.get("standard").asText().equals(standard)) {
                for (JsonNode w : s.get("windows")) {
                    if (w.get("window").asText().equals(window)) {
                        return w;
                    }
                }
            }
        }
        throw new AssertionError("no " + standard + " " + window);
    }

    @Test
    void aBreachAndAMetClockMakeFiftyPercentForTheHub() {
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        triaged(threeHoursAgo, ResponseStandard.TWO_HOUR);
        String met = triaged(threeHoursAgo, ResponseStandard.TWO_HOUR);
        kafka.sendEvent(Topics.VISITS, met, VisitRecorded.TYPE, visit(met, threeHoursAgo.plus(Duration.ofMinutes(90)),
                VisitOutcome.ATTENDED));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode day = window("TWO_HOUR", "24h");
            assertThat(day.get("met").asInt()).isEqualTo(1);
            assertThat(day.get("breached").asInt()).isEqualTo(1);
            assertThat(day.get("percentage").decimalValue()).isEqualByComparingTo("50.0");
        });
        asOps().get("/api/targets").then().statusCode(200).body("hubs.hubId", hasItem(hub));
    }

    @Test
    void aPendingClockBreachesWithinSecondsOfItsDeadlineWithoutAnyEvent() {
        Instant almostTwoHoursAgo = Instant.now().minus(Duration.ofHours(2)).plusSeconds(4);
        triaged(almostTwoHoursAgo, ResponseStandard.TWO_HOUR);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode day = window("TWO_HOUR", "24h");
            assertThat(day.get("pending").asInt() + day.get("breached").asInt()).isEqualTo(1);
        });
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode day = window("TWO_HOUR", "24h");
            assertThat(day.get("breached").asInt()).isEqualTo(1);
            assertThat(day.get("pending").asInt()).isZero();
        });
    }

    @Test
    void eventsOutOfOrderAndTwiceGiveTheSameFigures() {
        Instant received = Instant.now().minus(Duration.ofHours(1));
        String id = UUID.randomUUID().toString();
        String visitEvent = UUID.randomUUID().toString();
        VisitRecorded attended = visit(id, received.plus(Duration.ofMinutes(30)), VisitOutcome.ATTENDED);
        // The visit arrives first, twice with one event id, then the allocation and the triage decision.
        kafka.sendEvent(Topics.VISITS, id, visitEvent, VisitRecorded.TYPE, Json.write(attended));
        kafka.sendEvent(Topics.VISITS, id, visitEvent, VisitRecorded.TYPE, Json.write(attended));
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, hub, received.plusSeconds(60), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE));
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id,
                UUID.randomUUID().toString(), 1, received.plusSeconds(30), received, Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "rules", "TEST", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11",
                "C82001"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode day = window("TWO_HOUR", "24h");
            assertThat(day.get("met").asInt()).isEqualTo(1);
            assertThat(day.get("breached").asInt()).isZero();
            assertThat(day.get("pending").asInt()).isZero();
        });
    }

    @Test
    void aCancelledReferralIsExcludedAndLeftOutOfThePercentage() {
        Instant received = Instant.now().minus(Duration.ofMinutes(30));
        String id = triaged(received, ResponseStandard.TWO_HOUR);
        kafka.sendEvent(Topics.REFERRALS, id, ReferralCancelled.TYPE,
                new ReferralCancelled(id, received.plus(Duration.ofMinutes(10)),
                        uk.nhs.homefirst.events.CancellationReason.PATIENT_ADMITTED, null));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode day = window("TWO_HOUR", "24h");
            assertThat(day.get("excluded").asInt()).isEqualTo(1);
            assertThat(day.get("percentage").isNull()).isTrue();
        });
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextIsStillCounted() {
        String poison = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.VISITS, poison, UUID.randomUUID().toString(), VisitRecorded.TYPE, "{not json");
        // Refused at its type, before its key is judged: its dead letter is found by its event id.
        String unreadableEvent = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.REFERRALS, UUID.randomUUID().toString(), unreadableEvent, "uk.nhs.homefirst.Mystery.v9",
                "{\"patient\": {\"nhsNumber\": \"9990000018\"}}");
        Instant received = Instant.now().minus(Duration.ofMinutes(30));
        String good = triaged(received, ResponseStandard.TWO_HOUR);
        kafka.sendEvent(Topics.VISITS, good, VisitRecorded.TYPE, visit(good, received.plusSeconds(600), VisitOutcome.ATTENDED));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(kafka.read(Topics.VISITS_DLQ, r -> poison.equals(r.key()))).singleElement()
                    .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason")).contains("not valid JSON"));
            assertThat(kafka.read(Topics.REFERRALS_DLQ, r -> unreadableEvent.equals(
                    KafkaTestClient.header(r, "dead-letter-event-id")))).singleElement()
                    .satisfies(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                            .contains("not an event type of the contract"));
            assertThat(window("TWO_HOUR", "24h").get("met").asInt()).isEqualTo(1);
        });
        ConsumerRecord<String, String> dead = kafka.read(Topics.REFERRALS_DLQ,
                r -> unreadableEvent.equals(KafkaTestClient.header(r, "dead-letter-event-id"))).get(0);
        assertThat(dead.value()).as("a dead letter of a referrals record keeps no copy of it").isNull();
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.REFERRALS);
        assertThat(KafkaTestClient.header(dead, "dead-letter-offset")).isNotBlank();
        assertThat(KafkaTestClient.header(dead, "dead-letter-consumer")).isEqualTo("target-monitor-service");
    }

    @Test
    void anUnknownHubIs404AndReadinessIncludesTheCatchUp() {
        asOps().get("/api/targets/no-such-hub").then().statusCode(404).contentType("application/problem+json");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Target monitor caught up with the topics' }.status", equalTo("UP"));
    }

    @Test
    void eachFigureOpensItsClocksAndTheAtRiskListNamesPathwayAndTimeLeft() {
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String breached = triaged(threeHoursAgo, ResponseStandard.TWO_HOUR);
        String atRisk = triaged(Instant.now().minus(Duration.ofMinutes(100)), ResponseStandard.TWO_HOUR);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            asOps().get("/api/clocks?hub=" + hub + "&standard=TWO_HOUR&window=24h&status=BREACHED").then()
                    .statusCode(200).body("clocks.referralId", equalTo(java.util.List.of(breached)))
                    .body("clocks[0].pathway", equalTo("URGENT_CRISIS_RESPONSE"));
            asOps().get("/api/clocks?hub=" + hub + "&standard=TWO_HOUR&status=PENDING").then()
                    .statusCode(200).body("clocks.referralId", equalTo(java.util.List.of(atRisk)));
            JsonNode now = Json.read(asOps().get("/api/clocks/at-risk").then().statusCode(200).extract().asString(),
                    JsonNode.class);
            JsonNode risk = find(now.get("atRisk"), atRisk);
            assertThat(risk.get("hubId").asText()).isEqualTo(hub);
            assertThat(Duration.parse(risk.get("timeLeft").asText())).isBetween(Duration.ZERO, Duration.ofMinutes(20));
            assertThat(Duration.parse(find(now.get("breached"), breached).get("timeLeft").asText())).isNegative();
        });
        asOps().get("/api/clocks?standard=SOON&window=1y&status=MAYBE").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(java.util.List.of("hub", "standard", "status", "window")));
    }

    private static JsonNode find(JsonNode clocks, String referralId) {
        for (JsonNode clock : clocks) {
            if (clock.get("referralId").asText().equals(referralId)) {
                return clock;
            }
        }
        throw new AssertionError(referralId + " is not listed");
    }

    @Test
    void aHospitalReferralAwaitingDischargeIsListedAndTheFiguresSplitByOrigin() {
        String id = UUID.randomUUID().toString();
        Instant dayAgo = Instant.now().minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS);
        LocalDate expected = LocalDate.now(LONDON).plusDays(1);
        kafka.sendEvent(Topics.REFERRALS, id, ReferralReceived.TYPE, new ReferralReceived(id, dayAgo, dayAgo, null,
                ReferralSource.ACUTE_HOSPITAL, null, null, RequestedUrgency.ROUTINE, List.of(ClinicalNeed.REABLEMENT_NEED),
                new ReferralReceived.Reason("Reablement after a fall", null),
                new ReferralReceived.Patient("9990000018", "Mary", "Shelley", LocalDate.of(1950, 5, 17), "LE11 3TU",
                        "LE11", "C82001", null),
                new ReferralReceived.Referrer("RWE", ReferrerRole.HOSPITAL_DOCTOR, "Ward 7"),
                new ReferralReceived.Discharge(expected, 1)));
        triaged(dayAgo, ResponseStandard.TWO_DAY, id);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode list = Json.read(asOps().get("/api/clocks/awaiting-discharge").then().statusCode(200).extract()
                    .asString(), JsonNode.class);
            assertThat(list.get("referrals").findValuesAsText("referralId")).contains(id);
            asOps().get("/api/targets").then().statusCode(200).body("hubs.hubId", not(hasItem(hub)))
                    .body("awaitingDischarge.count", greaterThanOrEqualTo(1));
        });
        kafka.sendEvent(Topics.REFERRALS, id, PatientDischarged.TYPE, new PatientDischarged(id,
                UUID.randomUUID().toString(), Instant.now().minusSeconds(60), 1, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode body = Json.read(asOps().get("/api/targets/" + hub + "?by=origin").then().statusCode(200).extract()
                    .asString(), JsonNode.class);
            JsonNode day = body.at("/standards/1/windows/0");
            assertThat(body.at("/standards/1/standard").asText()).isEqualTo("TWO_DAY");
            assertThat(day.get("pending").asInt()).isEqualTo(1);
            assertThat(day.at("/byOrigin/hospitalDischarge/pending").asInt()).isEqualTo(1);
            assertThat(day.at("/byOrigin/community/pending").asInt()).isZero();
        });
        assertThat(window("TWO_DAY", "24h").has("byOrigin")).as("only when asked for").isFalse();
        asOps().get("/api/targets?by=hub").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("by"));
    }

    @Test
    void theDailyFiguresAndTheirCsvSplitByOriginAndAddUpToTheTotal() {
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String fromHospital = UUID.randomUUID().toString();
        // From a ward, the patient already home: the clock runs from receipt, and counts as hospital discharge.
        kafka.sendEvent(Topics.REFERRALS, fromHospital, ReferralReceived.TYPE, new ReferralReceived(fromHospital,
                threeHoursAgo, threeHoursAgo, null, ReferralSource.ACUTE_HOSPITAL, null, null, RequestedUrgency.CRISIS,
                List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall at home", null),
                new ReferralReceived.Patient("9990000018", "Mary", "Shelley", LocalDate.of(1950, 5, 17), "LE11 3TU",
                        "LE11", "C82001", null),
                new ReferralReceived.Referrer("RWE", ReferrerRole.HOSPITAL_DOCTOR, "Ward 7"), null));
        triaged(threeHoursAgo, ResponseStandard.TWO_HOUR, fromHospital);
        triaged(threeHoursAgo, ResponseStandard.TWO_HOUR);
        String met = triaged(threeHoursAgo, ResponseStandard.TWO_HOUR);
        kafka.sendEvent(Topics.VISITS, met, VisitRecorded.TYPE, visit(met, threeHoursAgo.plus(Duration.ofMinutes(90)),
                VisitOutcome.ATTENDED));
        // Yesterday and today in London, both named: from the JVM's zone (UTC on CI) "yesterday" was two
        // London days back between 23:00 and midnight UTC in summer, and the service's today moves at midnight.
        LocalDate today = LocalDate.ofInstant(threeHoursAgo.plus(Duration.ofHours(3)), LONDON);
        String query = "period=DAY&standard=TWO_HOUR&hub=" + hub + "&from=" + today.minusDays(1) + "&to=" + today;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = Json.read(asOps().get("/api/figures?" + query + "&by=origin").then().statusCode(200).extract()
                    .asString(), JsonNode.class).get("rows");
            assertThat(sum(rows, "ALL")).isEqualTo(List.of(1, 2));
            assertThat(sum(rows, "HOSPITAL_DISCHARGE")).isEqualTo(List.of(0, 1));
            assertThat(sum(rows, "COMMUNITY")).isEqualTo(List.of(1, 1));
        });
        JsonNode plain = Json.read(asOps().get("/api/figures?" + query).then().statusCode(200).extract().asString(),
                JsonNode.class).get("rows");
        assertThat(plain.findValuesAsText("origin")).as("the totals alone unless asked").containsOnly("ALL");
        assertThat(sum(plain, "ALL")).isEqualTo(List.of(1, 2));

        List<String> csv = asOps().get("/api/figures/csv?" + query + "&by=origin").then().statusCode(200).extract()
                .asString().lines().toList();
        assertThat(csv.get(0)).startsWith("period,period_start,").endsWith(",last_revised_at,origin");
        assertThat(csv.subList(1, csv.size())).extracting(line -> line.substring(line.lastIndexOf(',') + 1))
                .containsExactly("ALL", "HOSPITAL_DISCHARGE", "COMMUNITY", "ALL", "HOSPITAL_DISCHARGE", "COMMUNITY");
        asOps().get("/api/figures/csv?" + query + "&by=hub").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("by"));
    }

    /** Met and breached over the rows of one origin. */
    private static List<Integer> sum(JsonNode rows, String origin) {
        int met = 0;
        int breached = 0;
        for (JsonNode row : rows) {
            if (row.get("origin").asText().equals(origin)) {
                met += row.get("met").asInt();
                breached += row.get("breached").asInt();
            }
        }
        return List.of(met, breached);
    }
}
