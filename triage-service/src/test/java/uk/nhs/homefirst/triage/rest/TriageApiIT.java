package uk.nhs.homefirst.triage.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/** The Locality Decision Unit's REST surface against a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class TriageApiIT extends FixturedIT {

    private static String decision(String pathway, String decidedBy, String reason, Instant decidedAt) {
        return Json.write(decidedAt == null
                ? Map.of("pathway", pathway, "decidedBy", decidedBy, "reason", reason)
                : Map.of("pathway", pathway, "decidedBy", decidedBy, "reason", reason, "decidedAt", decidedAt.toString()));
    }

    private static List<String> problemFields(String referralId, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/triage/" + referralId + "/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .extract().jsonPath().getList("errors.field");
    }

    @Test
    void aClinicianReTriagesAReferralAsDecisionTwoAndItIsAnnounced() {
        Instant receivedAt = minutesAgo(50);
        String id = triagedReferral(receivedAt, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        Instant decidedAt = receivedAt.plus(Duration.ofMinutes(20));

        given().contentType(ContentType.JSON)
                .body(decision("URGENT_CRISIS_RESPONSE", "test-admin", "DETERIORATED_ON_CALL", decidedAt))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(201)
                .header("Location", endsWith("/api/triage/" + id + "/decisions/2"))
                .body("decisionNumber", equalTo(2))
                .body("pathway", equalTo("URGENT_CRISIS_RESPONSE"))
                .body("standard", equalTo("TWO_HOUR"))
                .body("decidedBy", equalTo("test-admin"))
                .body("rule", equalTo("DETERIORATED_ON_CALL"))
                .body("decidedAt", equalTo(decidedAt.toString()));

        List<ConsumerRecord<String, String>> triaged = topics.awaitTriaged(id, 2);
        assertThat(triaged).hasSize(2);
        ReferralTriaged first = Json.read(triaged.get(0).value(), ReferralTriaged.class);
        ReferralTriaged second = Json.read(triaged.get(1).value(), ReferralTriaged.class);
        assertThat(first.decisionNumber()).isEqualTo(1);
        assertThat(first.pathway()).isEqualTo(Pathway.HOME_FIRST_REABLEMENT);
        assertThat(second.decisionNumber()).isEqualTo(2);
        assertThat(second.pathway()).isEqualTo(Pathway.URGENT_CRISIS_RESPONSE);
        assertThat(second.standard()).isEqualTo(ResponseStandard.TWO_HOUR);
        assertThat(second.decidedBy()).isEqualTo("test-admin");
        assertThat(second.rule()).isEqualTo("DETERIORATED_ON_CALL");
        assertThat(second.decidedAt()).isEqualTo(decidedAt);
        assertThat(second.receivedAt()).isEqualTo(receivedAt);
        assertThat(second.decisionId()).isNotEqualTo(first.decisionId());
        assertThat(second.ldu()).as("a decision that names no LDU keeps the referral where it is routed")
                .isEqualTo(first.ldu()).isEqualTo("county-and-rutland");
        assertThat(KafkaTestClient.header(triaged.get(1), CloudEventHeaders.TYPE)).isEqualTo(ReferralTriaged.TYPE);
        assertThat(KafkaTestClient.header(triaged.get(1), CloudEventHeaders.TIME)).isEqualTo(decidedAt.toString());
        TriageTopics.assertConformsToTheContract(triaged.get(1));

        JsonPath stored = given().when().get("/api/triage/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getList("decisions.decisionNumber")).containsExactly(1, 2);
        assertThat(stored.getList("decisions.decidedBy")).containsExactly("rules", "test-admin");
        assertThat(stored.getInt("currentDecision.decisionNumber")).isEqualTo(2);
        given().when().get("/api/triage/" + id + "/decisions/2")
                .then().statusCode(200).body("decisionId", equalTo(second.decisionId()));
    }

    @Test
    void aDecisionIsRecordedAsItsCallersNeverInAColleaguesName() {
        String id = triagedReferral(minutesAgo(30), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        String clinician = uk.nhs.homefirst.harness.access.TestTokens.Spec.of("ldu-clinician").ldu("county-and-rutland")
                .subject("staff-0042").token();

        assertThat(given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body(decision("URGENT_CRISIS_RESPONSE", "staff-0099", "DETERIORATED_ON_CALL", null))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field")).containsExactly("decidedBy");
        given().auth().oauth2(clinician).contentType(ContentType.JSON)
                .body(Json.write(Map.of("pathway", "URGENT_CRISIS_RESPONSE", "reason", "DETERIORATED_ON_CALL")))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(201).body("decisionNumber", equalTo(2)).body("decidedBy", equalTo("staff-0042"));
        assertThat(Json.read(topics.awaitTriaged(id, 2).get(1).value(), ReferralTriaged.class).decidedBy())
                .isEqualTo("staff-0042");
    }

    @Test
    void aDecisionWithoutATimeIsMadeNowAndAnotherIsTheNextVersion() {
        String id = triagedReferral(minutesAgo(40), RequestedUrgency.ROUTINE, ClinicalNeed.WOUND_CARE);
        Instant before = Instant.now();

        given().contentType(ContentType.JSON).body(decision("NOT_ACCEPTED", "test-admin", "OUT_OF_AREA", null))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(201).body("decisionNumber", equalTo(2)).body("standard", equalTo(null));
        String decidedAt = given().contentType(ContentType.JSON)
                .body(decision("NEIGHBOURHOOD_NURSING", "test-admin", "RECONSIDERED", null))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(201).body("decisionNumber", equalTo(3))
                .extract().path("decidedAt");

        assertThat(Instant.parse(decidedAt)).isBetween(before, Instant.now());
        List<ConsumerRecord<String, String>> triaged = topics.awaitTriaged(id, 3);
        assertThat(triaged).extracting(r -> Json.read(r.value(), ReferralTriaged.class).decisionNumber())
                .containsExactly(1, 2, 3);
    }

    @Test
    void badDecisionInputGetsAProblemNamingEachFieldAndChangesNothing() {
        Instant receivedAt = minutesAgo(30);
        String id = triagedReferral(receivedAt, RequestedUrgency.CRISIS, ClinicalNeed.DELIRIUM);

        String everythingWrong = Json.write(Map.of("pathway", "HOSPITAL_AT_HOME", "decidedBy", "s".repeat(65),
                "reason", "Patient is fine, spoke to daughter", "decidedAt", "last Tuesday"));
        assertThat(problemFields(id, everythingWrong))
                .containsExactlyInAnyOrder("pathway", "decidedBy", "reason", "decidedAt");
        String answer = given().contentType(ContentType.JSON).body(everythingWrong)
                .when().post("/api/triage/" + id + "/decisions").then().statusCode(400).extract().asString();
        assertThat(answer).doesNotContain("spoke to daughter", "last Tuesday");

        assertThat(problemFields(id, "{}")).containsExactlyInAnyOrder("pathway", "reason");
        assertThat(problemFields(id, "")).containsExactly("body");
        assertThat(problemFields(id, decision("END_OF_LIFE", "test-admin", "GP_REQUEST", Instant.now().plusSeconds(600))))
                .containsExactly("decidedAt");
        assertThat(problemFields(id, decision("END_OF_LIFE", "test-admin", "GP_REQUEST", receivedAt.minusSeconds(1))))
                .containsExactly("decidedAt");
        assertThat(problemFields(id, "{\"pathway\": {\"name\": \"END_OF_LIFE\"}, \"decidedBy\": \"test-admin\", \"reason\": \"AB\"}"))
                .containsExactly("pathway");

        given().contentType(ContentType.JSON).body("{\"pathway\": \"END_OF_LIFE\",")
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", not(containsString("Exception")));
        given().contentType(ContentType.TEXT).body("END_OF_LIFE")
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(415).contentType("application/problem+json");

        given().when().get("/api/triage/" + id).then().statusCode(200)
                .body("decisions.size()", equalTo(1))
                .body("currentDecision.pathway", equalTo("URGENT_CRISIS_RESPONSE"));
    }

    @Test
    void anUnknownReferralIs404() {
        String unknown = FakeReferrals.newId();
        given().contentType(ContentType.JSON).body(decision("END_OF_LIFE", "test-admin", "GP_REQUEST", null))
                .when().post("/api/triage/" + unknown + "/decisions")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().contentType(ContentType.JSON).body(decision("END_OF_LIFE", "test-admin", "GP_REQUEST", null))
                .when().post("/api/triage/not-a-referral/decisions")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/triage/" + unknown).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/triage/not-a-referral").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/triage/" + unknown + "/decisions/1").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aCancelledReferralCannotBeReTriaged() {
        String id = triagedReferral(minutesAgo(45), RequestedUrgency.URGENT, ClinicalNeed.CARER_BREAKDOWN);
        topics.sendCancelled(FakeReferrals.cancelled(id, minutesAgo(1)));
        eventually().until(() -> "CANCELLED".equals(given().when().get("/api/triage/" + id).path("status")));

        given().contentType(ContentType.JSON).body(decision("END_OF_LIFE", "test-admin", "GP_REQUEST", null))
                .when().post("/api/triage/" + id + "/decisions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"));

        given().when().get("/api/triage/" + id).then().statusCode(200).body("decisions.size()", equalTo(1));
    }

    @Test
    void theQueueListsOnlyWhatWaitsForAClinicianOldestFirstUntilAClinicianDecidesIt() {
        // No rule recognises catheter care: the catch-all decides, and a clinician confirms.
        String oldest = triagedReferral(minutesAgo(180), RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);
        String cancelled = triagedReferral(minutesAgo(170), RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);
        String middle = triagedReferral(minutesAgo(120), RequestedUrgency.URGENT, ClinicalNeed.CATHETER_CARE);
        String newest = triagedReferral(minutesAgo(60), RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);
        String therapy = triagedReferral(minutesAgo(150), RequestedUrgency.ROUTINE, ClinicalNeed.THERAPY_NEED);
        topics.sendCancelled(FakeReferrals.cancelled(cancelled, minutesAgo(1)));
        eventually().until(() -> "CANCELLED".equals(given().when().get("/api/triage/" + cancelled).path("status")));

        List<Map<String, Object>> nursing = wholeQueue("NEIGHBOURHOOD_NURSING");
        List<Object> ids = nursing.stream().map(item -> item.get("referralId")).toList();
        assertThat(ids).containsSubsequence(oldest, middle, newest).doesNotContain(cancelled);
        assertThat(nursing).allSatisfy(item -> {
            assertThat(item).containsEntry("status", "OPEN");
            @SuppressWarnings("unchecked")
            Map<String, Object> current = (Map<String, Object>) item.get("currentDecision");
            assertThat(current).containsEntry("pathway", "NEIGHBOURHOOD_NURSING").containsEntry("standard", null);
        });
        List<Instant> receivedAts = nursing.stream().map(item -> Instant.parse((String) item.get("receivedAt"))).toList();
        assertThat(receivedAts).isSorted();
        assertThat(wholeQueue(null)).extracting(item -> item.get("referralId"))
                .as("the rules placed the therapy referral: nobody needs to act on it").doesNotContain(therapy);

        // A clinician's decision takes the referral off the queue, whatever its pathway.
        given().contentType(ContentType.JSON).body(decision("END_OF_LIFE", "test-admin", "PALLIATIVE_ON_REVIEW", null))
                .when().post("/api/triage/" + middle + "/decisions").then().statusCode(201);
        assertThat(wholeQueue("NEIGHBOURHOOD_NURSING")).extracting(item -> item.get("referralId"))
                .contains(oldest, newest).doesNotContain(middle);
        assertThat(wholeQueue(null)).extracting(item -> item.get("referralId"))
                .containsSubsequence(oldest, newest).doesNotContain(cancelled, middle, therapy);
        // And a clinician may still re-triage a referral the rules placed.
        given().contentType(ContentType.JSON).body(decision("HOME_FIRST_REABLEMENT", "test-admin", "CLINICAL_JUDGEMENT", null))
                .when().post("/api/triage/" + therapy + "/decisions").then().statusCode(201).body("decisionNumber", equalTo(2));
    }

    @Test
    void theQueueIsPaged() {
        triagedReferral(minutesAgo(90), RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);
        triagedReferral(minutesAgo(80), RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);

        JsonPath all = given().when().get("/api/triage/queue?pathway=NEIGHBOURHOOD_NURSING&size=200")
                .then().statusCode(200).extract().jsonPath();
        int total = all.getInt("totalItems");
        assertThat(total).isGreaterThanOrEqualTo(2);

        JsonPath first = given().when().get("/api/triage/queue?pathway=NEIGHBOURHOOD_NURSING&size=1&page=0")
                .then().statusCode(200).extract().jsonPath();
        JsonPath second = given().when().get("/api/triage/queue?pathway=NEIGHBOURHOOD_NURSING&size=1&page=1")
                .then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items")).hasSize(1);
        assertThat(first.getInt("totalItems")).isGreaterThanOrEqualTo(total);
        assertThat(first.getInt("totalPages")).isEqualTo(first.getInt("totalItems"));
        assertThat(second.getInt("page")).isEqualTo(1);
        assertThat(second.getString("items[0].referralId")).isNotEqualTo(first.getString("items[0].referralId"));
        assertThat(Instant.parse(second.getString("items[0].receivedAt")))
                .isAfterOrEqualTo(Instant.parse(first.getString("items[0].receivedAt")));

        given().when().get("/api/triage/queue").then().statusCode(200).body("size", equalTo(50)).body("page", equalTo(0));
    }

    @Test
    void badQueueParametersGetAProblemNamingEachOne() {
        List<String> fields = given().when().get("/api/triage/queue?pathway=HOSPITAL&page=-1&size=0")
                .then().statusCode(400).contentType("application/problem+json")
                .extract().jsonPath().getList("errors.field");
        assertThat(fields).containsExactlyInAnyOrder("pathway", "page", "size");
        given().when().get("/api/triage/queue?size=201").then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        triagedReferral(minutesAgo(5), RequestedUrgency.CRISIS, ClinicalNeed.FALLS);

        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database", "Kafka", "Event consumers"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("homefirst_outbox_published"))
                .body(containsString("homefirst_triage_decisions_total{by=\"rules\""));
        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/triage/queue"))
                .body(containsString("/api/triage/{referralId}/decisions"));
    }

    private static List<Map<String, Object>> wholeQueue(String pathway) {
        List<Map<String, Object>> items = new ArrayList<>();
        int page = 0;
        int totalPages;
        do {
            var request = given().queryParam("size", 200).queryParam("page", page);
            if (pathway != null) {
                request = request.queryParam("pathway", pathway);
            }
            JsonPath body = request.when().get("/api/triage/queue").then().statusCode(200).extract().jsonPath();
            items.addAll(body.getList("items"));
            totalPages = body.getInt("totalPages");
            page++;
        } while (page < totalPages);
        return items;
    }
}
