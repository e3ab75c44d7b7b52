package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/** Hubs, caseloads and visits through REST, against a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class HubApiIT extends FixturedIT {

    /** Staff of every hub, as the demo's hub system: these tests judge visits, not who records them. */
    private static final String[] HUBS_ALL = Fixtures.HUBS.toArray(String[]::new);

    static String visit(String referralId, Object visitedAt, String outcome) {
        return Json.write(new java.util.HashMap<>(java.util.Map.of(
                "referralId", referralId, "visitedAt", String.valueOf(visitedAt), "outcome", outcome,
                "contactType", "IN_PERSON", "staffRole", "NURSE")));
    }

    @Test
    void aVisitIsRecordedWithTheHubHoldingTheReferralAndAnnounced() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE2", received));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo("city-south-east");
        given().get("/api/hubs/city-south-east/caseload").then().statusCode(200)
                .body("referrals.find { it.referralId == '" + id + "' }.attended", equalTo(false));

        Instant notHome = received.plus(Duration.ofMinutes(40));
        Fixtures.asStaffOf("city-south-east").contentType(ContentType.JSON).body(visit(id, notHome, "PATIENT_NOT_AT_HOME"))
                .post("/api/visits").then().statusCode(201);
        given().get("/api/hubs/city-south-east/caseload").then()
                .body("referrals.find { it.referralId == '" + id + "' }.attended", equalTo(false))
                .body("referrals.find { it.referralId == '" + id + "' }.visits", equalTo(1));

        Instant visitedAt = received.plus(Duration.ofMinutes(50));
        String location = Fixtures.asStaffOf("city-south-east").contentType(ContentType.JSON)
                .body(visit(id, visitedAt.atOffset(java.time.ZoneOffset.ofHours(1)), "ATTENDED"))
                .post("/api/visits")
                .then().statusCode(201)
                .body("referralId", equalTo(id))
                .body("hubId", equalTo("city-south-east"))
                .body("visitedAt", equalTo(visitedAt.toString()))
                .body("outcome", equalTo("ATTENDED"))
                .extract().header("Location");
        JsonPath recorded = given().get(location).then().statusCode(200).extract().jsonPath();
        String visitId = recorded.getString("visitId");
        assertThat(location).endsWith("/api/visits/" + visitId);

        given().get("/api/hubs/city-south-east/caseload").then()
                .body("referrals.find { it.referralId == '" + id + "' }.attended", equalTo(true))
                .body("referrals.find { it.referralId == '" + id + "' }.firstAttendedAt", equalTo(visitedAt.toString()))
                .body("referrals.find { it.referralId == '" + id + "' }.pathway", equalTo("URGENT_CRISIS_RESPONSE"))
                .body("referrals.find { it.referralId == '" + id + "' }.standard", equalTo("TWO_HOUR"))
                .body("referrals.find { it.referralId == '" + id + "' }.receivedAt", equalTo(received.toString()));
        given().get("/api/allocations/" + id).then()
                .body("visits.outcome", equalTo(List.of("PATIENT_NOT_AT_HOME", "ATTENDED")))
                .body("visits[1].visitId", equalTo(visitId));

        fixtures.awaitOutboxSent(id);
        List<ConsumerRecord<String, String>> records = fixtures.records(Topics.VISITS, id);
        assertThat(records).hasSize(2);
        ConsumerRecord<String, String> attended = records.get(1);
        assertThat(KafkaTestClient.header(attended, CloudEventHeaders.TYPE)).isEqualTo(VisitRecorded.TYPE);
        assertThat(KafkaTestClient.header(attended, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(KafkaTestClient.header(attended, CloudEventHeaders.SOURCE)).isEqualTo("/homefirst/hub-allocation-service");
        assertThat(KafkaTestClient.header(attended, CloudEventHeaders.DATA_SCHEMA))
                .isEqualTo("urn:uk-nhs-homefirst:schema:VisitRecorded.v1");
        VisitRecorded event = Json.read(attended.value(), VisitRecorded.class);
        assertThat(event.visitId()).isEqualTo(visitId);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.hubId()).isEqualTo("city-south-east");
        assertThat(event.visitedAt()).isEqualTo(visitedAt);
        assertThat(event.outcome()).isEqualTo(VisitOutcome.ATTENDED);
        assertThat(event.recordedAt()).isEqualTo(Instant.parse(recorded.getString("recordedAt"))).isAfter(visitedAt);
    }

    @Test
    void aVisitIsJudgedFieldByFieldAndEveryInvalidFieldIsNamedAtOnce() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "LE3", received));
        awaitAllocated(id);

        assertThat(invalidFields(visit("not-a-referral", Instant.now().plus(Duration.ofHours(1)), "SEEN")))
                .containsExactlyInAnyOrder("referralId", "visitedAt", "outcome");
        assertThat(invalidFields(visit(id, received.minusSeconds(60), "attended")))
                .containsExactlyInAnyOrder("visitedAt", "outcome");
        assertThat(invalidFields(visit(id, "2026-03-02T10:00:00", "ATTENDED"))).containsExactly("visitedAt");
        assertThat(invalidFields("{\"referralId\": \"" + id + "\", \"outcome\": \"ATTENDED\", \"contactType\": \"VIDEO\", "
                + "\"staffRole\": \"THERAPIST\"}")).containsExactly("visitedAt");
        assertThat(invalidFields("{}"))
                .containsExactlyInAnyOrder("referralId", "visitedAt", "outcome", "contactType", "staffRole");

        given().get("/api/allocations/" + id).then().body("visits.size()", equalTo(0));
    }

    @Test
    void aVisitToAnUnknownReferralIs404AndToAnUnallocatedOneIs409() {
        Instant recent = Instant.now().minus(Duration.ofMinutes(5));
        Fixtures.asStaffOf(HUBS_ALL).contentType(ContentType.JSON).body(visit(newReferralId(), recent, "ATTENDED"))
                .post("/api/visits").then().statusCode(404).contentType("application/problem+json");

        String id = newReferralId();
        String event = fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "NG7", anHourAgo()));
        fixtures.awaitProcessed(event);
        Fixtures.asStaffOf(HUBS_ALL).contentType(ContentType.JSON).body(visit(id, recent, "ATTENDED"))
                .post("/api/visits").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("not allocated"));
        given().get("/api/allocations/" + id).then().body("visits.size()", equalTo(0));
    }

    @Test
    void aVisitToACancelledReferralIsStillRecorded() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE15", received));
        awaitAllocated(id);
        String cancellation = kafka.sendEvent(Topics.REFERRALS, id, uk.nhs.homefirst.events.ReferralCancelled.TYPE,
                new uk.nhs.homefirst.events.ReferralCancelled(id, received.plus(Duration.ofMinutes(30)),
                        uk.nhs.homefirst.events.CancellationReason.PATIENT_DECLINED, null));
        fixtures.awaitProcessed(cancellation);

        Fixtures.asStaffOf("melton-rutland").contentType(ContentType.JSON)
                .body(visit(id, received.plus(Duration.ofMinutes(20)), "PATIENT_DECLINED"))
                .post("/api/visits").then().statusCode(201).body("hubId", equalTo("melton-rutland"));
        given().get("/api/allocations/" + id).then()
                .body("status", equalTo("CANCELLED")).body("visits.outcome", equalTo(List.of("PATIENT_DECLINED")));
    }

    @Test
    void theHubsAreListedWithTheirDistrictsAndOpenCaseloads() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.END_OF_LIFE, ResponseStandard.TWO_DAY, "LE18", anHourAgo()));
        awaitAllocated(id);

        JsonPath hubs = given().get("/api/hubs").then().statusCode(200).extract().jsonPath();
        assertThat(hubs.getList("id", String.class)).containsExactlyInAnyOrder("city-north-west", "city-south-east",
                "charnwood-nwl", "hinckley-bosworth", "melton-rutland", "south-leicestershire");
        Map<String, Object> charnwood = hubs.getMap("find { it.id == 'charnwood-nwl' }");
        assertThat(charnwood.get("name")).isEqualTo("Charnwood & North West Leicestershire");
        // The district table's, in order: by area, then number.
        assertThat(charnwood.get("districts")).isEqualTo(List.of("DE11", "DE12", "DE73", "DE74", "LE7", "LE11", "LE12",
                "LE65", "LE67"));
        assertThat(hubs.getList("find { it.id == 'melton-rutland' }.districts", String.class))
                .containsExactly("LE13", "LE14", "LE15", "NG13", "NG32", "NG33", "PE9");
        assertThat(hubs.getInt("find { it.id == 'south-leicestershire' }.openCaseload")).isGreaterThanOrEqualTo(1);

        int open = given().get("/api/hubs/south-leicestershire/caseload").then().statusCode(200)
                .body("hubId", equalTo("south-leicestershire"))
                .body("name", equalTo("Harborough, Blaby, Oadby & Wigston"))
                .body("referrals.referralId", hasItems(id))
                .extract().jsonPath().getInt("count");
        assertThat(hubs.getInt("find { it.id == 'south-leicestershire' }.openCaseload")).isEqualTo(open);

        given().get("/api/hubs/nottingham/caseload").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void malformedJsonGetsA400Problem() {
        Fixtures.asStaffOf(HUBS_ALL).contentType(ContentType.JSON).body("{\"referralId\": ")
                .post("/api/visits").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void aFieldOfTheWrongShapeGetsA400ProblemNamingIt() {
        assertThat(invalidFields("{\"referralId\": \"" + newReferralId() + "\", \"visitedAt\": \"" + Instant.now()
                + "\", \"outcome\": {\"code\": \"ATTENDED\"}, \"contactType\": \"IN_PERSON\", \"staffRole\": \"NURSE\"}"))
                .containsExactly("outcome");
        given().contentType(ContentType.JSON).body("{\"districts\": \"LE2\"}")
                .put("/api/hubs/city-south-east/districts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("districts")));
        given().get("/api/hubs/city-south-east").then().body("districts", equalTo(List.of("LE2", "LE5")));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database", "Kafka", "Event consumers"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("homefirst_outbox_published"));
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/hubs/{hubId}/caseload"))
                .body(containsString("/api/visits"))
                .body(containsString("/api/allocations/unallocated"));
        given().get("/schemas/ReferralAllocated.v1.json").then().statusCode(200).body(containsString("ReferralAllocated"));
    }

    private static List<String> invalidFields(String body) {
        JsonNode problem = Json.read(Fixtures.asStaffOf(HUBS_ALL).contentType(ContentType.JSON).body(body)
                .post("/api/visits")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .extract().asString(), JsonNode.class);
        return problem.get("errors").findValuesAsText("field");
    }
}
