package uk.nhs.homefirst.triage.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.BedType;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * Pathway 3: a bed-based decision names the bed a clinician chose, and the bed arranged later is the next
 * decision; the rules' bed-based decision waits on the queue for a clinician to choose the bed.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class BedBasedIT extends FixturedIT {

    private static ReferralTriaged decisionEvent(String id, int number) {
        List<ConsumerRecord<String, String>> triaged = topics.awaitTriaged(id, number);
        triaged.forEach(TriageTopics::assertConformsToTheContract);
        return Json.read(triaged.get(number - 1).value(), ReferralTriaged.class);
    }

    private static List<String> queueReasons(String id) {
        List<Map<String, Object>> items = given().queryParam("size", 200).get("/api/triage/queue")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(item -> id.equals(item.get("referralId"))).findFirst()
                .map(item -> (List<String>) item.get("reasons")).orElse(List.of());
    }

    @Test
    void theRulesBedBasedDecisionLeavesTheBedTypeToAClinicianOnTheQueue() {
        String id = triagedReferral(minutesAgo(30), RequestedUrgency.ROUTINE, ClinicalNeed.STEP_UP_BED);

        ReferralTriaged rules = decisionEvent(id, 1);
        assertThat(rules.pathway()).isEqualTo(Pathway.BED_BASED);
        assertThat(rules.bedType()).isNull();
        assertThat(rules.bedArrangedAt()).isNull();
        given().get("/api/triage/" + id).then().statusCode(200)
                .body("currentDecision.bedType", nullValue())
                .body("bedToArrange", equalTo(true));
        assertThat(queueReasons(id)).containsExactly("BED_TYPE_NEEDED");
        given().queryParam("pathway", "BED_BASED").queryParam("size", 200).get("/api/triage/queue")
                .then().statusCode(200).body("items.referralId", hasItem(id));

        // The clinician chooses the bed: it leaves the queue, the bed still to arrange.
        given().contentType(ContentType.JSON)
                .body(Map.of("pathway", "BED_BASED", "reason", "STEP_UP_BED_CONFIRMED", "bedType", "COMMUNITY_HOSPITAL_BED"))
                .post("/api/triage/" + id + "/decisions")
                .then().statusCode(201)
                .body("bedType", equalTo("COMMUNITY_HOSPITAL_BED"))
                .body("bedArrangedAt", nullValue());
        ReferralTriaged chosen = decisionEvent(id, 2);
        assertThat(chosen.bedType()).isEqualTo(BedType.COMMUNITY_HOSPITAL_BED);
        assertThat(chosen.bedArrangedAt()).isNull();
        assertThat(queueReasons(id)).isEmpty();
        given().get("/api/triage/" + id).then().body("bedToArrange", equalTo(true));
    }

    @Test
    void aClinicianDecidesBedBasedWithItsBedAndWhenItWasArranged() {
        Instant receivedAt = minutesAgo(90);
        String id = triagedReferral(receivedAt, RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        Instant arrangedAt = receivedAt.plus(Duration.ofMinutes(40));

        given().contentType(ContentType.JSON)
                .body(Map.of("pathway", "BED_BASED", "reason", "NOT_SAFE_AT_HOME", "bedType", "REABLEMENT_BED",
                        "bedArrangedAt", arrangedAt.toString()))
                .post("/api/triage/" + id + "/decisions")
                .then().statusCode(201)
                .body("pathway", equalTo("BED_BASED"))
                .body("standard", nullValue())
                .body("bedType", equalTo("REABLEMENT_BED"))
                .body("bedArrangedAt", equalTo(arrangedAt.toString()));

        ReferralTriaged decided = decisionEvent(id, 2);
        assertThat(decided.bedType()).isEqualTo(BedType.REABLEMENT_BED);
        assertThat(decided.bedArrangedAt()).isEqualTo(arrangedAt);
        given().get("/api/triage/" + id).then().body("bedToArrange", equalTo(false));
    }

    @Test
    void aBedBasedDecisionWithoutItsBedTypeOrABedOnAnotherPathwayIsRefusedNamingTheField() {
        Instant receivedAt = minutesAgo(20);
        String id = triagedReferral(receivedAt, RequestedUrgency.URGENT, ClinicalNeed.FALLS);

        given().contentType(ContentType.JSON).body(Map.of("pathway", "BED_BASED", "reason", "NOT_SAFE_AT_HOME"))
                .post("/api/triage/" + id + "/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("bedType")));
        given().contentType(ContentType.JSON)
                .body(Map.of("pathway", "BED_BASED", "reason", "NOT_SAFE_AT_HOME", "bedType", "REABLEMENT_BED",
                        "bedArrangedAt", receivedAt.minusSeconds(60).toString()))
                .post("/api/triage/" + id + "/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("bedArrangedAt")));
        given().contentType(ContentType.JSON)
                .body(Map.of("pathway", "END_OF_LIFE", "reason", "CLINICAL_JUDGEMENT", "bedType", "REABLEMENT_BED"))
                .post("/api/triage/" + id + "/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("bedType")));
        assertThat(topics.triaged(id)).as("nothing refused is announced").hasSize(1);
    }

    @Test
    void theBedArrangedLaterIsTheNextDecisionValidatedAndOnlyForABedBasedReferral() {
        Instant receivedAt = minutesAgo(120);
        String id = triagedReferral(receivedAt, RequestedUrgency.URGENT, ClinicalNeed.FALLS);

        // Not bed-based now: 409, whatever the body.
        given().contentType(ContentType.JSON).body(Map.of("bedType", "REABLEMENT_BED", "arrangedAt", receivedAt.toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("not BED_BASED"));

        given().contentType(ContentType.JSON)
                .body(Map.of("pathway", "BED_BASED", "reason", "NOT_SAFE_AT_HOME", "bedType", "REABLEMENT_BED"))
                .post("/api/triage/" + id + "/decisions").then().statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("arrangedAt", Instant.now().plus(Duration.ofHours(1)).toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("arrangedAt")));
        given().contentType(ContentType.JSON).body(Map.of("arrangedAt", receivedAt.minusSeconds(1).toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(400).body("errors.field", equalTo(List.of("arrangedAt")));
        given().contentType(ContentType.JSON).body(Map.of("bedType", "SOFA"))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(400).body("errors.field", equalTo(List.of("bedType", "arrangedAt")));

        Instant arrangedAt = receivedAt.plus(Duration.ofMinutes(100));
        given().contentType(ContentType.JSON).body(Map.of("arrangedAt", arrangedAt.toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(200)
                .body("currentDecision.decisionNumber", equalTo(3))
                .body("currentDecision.pathway", equalTo("BED_BASED"))
                .body("currentDecision.rule", equalTo("BED_ARRANGED"))
                .body("currentDecision.bedType", equalTo("REABLEMENT_BED"))
                .body("currentDecision.bedArrangedAt", equalTo(arrangedAt.toString()))
                .body("currentDecision.replacesDecision", equalTo(2))
                .body("bedToArrange", equalTo(false));
        ReferralTriaged arranged = decisionEvent(id, 3);
        assertThat(arranged.rule()).isEqualTo("BED_ARRANGED");
        assertThat(arranged.pathway()).isEqualTo(Pathway.BED_BASED);
        assertThat(arranged.bedType()).isEqualTo(BedType.REABLEMENT_BED);
        assertThat(arranged.bedArrangedAt()).isEqualTo(arrangedAt);
        assertThat(arranged.ldu()).isEqualTo(Callers.COUNTY);

        // The same arrangement again records nothing; a change of bed type is a new decision.
        given().contentType(ContentType.JSON).body(Map.of("arrangedAt", arrangedAt.toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(200).body("currentDecision.decisionNumber", equalTo(3));
        given().contentType(ContentType.JSON).body(Map.of("bedType", "COMMUNITY_HOSPITAL_BED", "arrangedAt", arrangedAt.toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(200).body("currentDecision.decisionNumber", equalTo(4))
                .body("currentDecision.bedType", equalTo("COMMUNITY_HOSPITAL_BED"));
        assertThat(decisionEvent(id, 4).bedType()).isEqualTo(BedType.COMMUNITY_HOSPITAL_BED);
        assertThat(topics.triaged(id)).hasSize(4);
    }

    @Test
    void anotherLdusClinicianCannotArrangeTheBedAndTheRulesBedNeedsATypeFirst() {
        String id = triagedReferral(minutesAgo(10), RequestedUrgency.ROUTINE, ClinicalNeed.STEP_UP_BED);
        given().auth().oauth2(Callers.clinicianOf(Callers.CITY)).contentType(ContentType.JSON)
                .body(Map.of("bedType", "REABLEMENT_BED", "arrangedAt", minutesAgo(1).toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(403);
        // The rules named no bed type: an arrangement without one is refused naming it.
        given().contentType(ContentType.JSON).body(Map.of("arrangedAt", minutesAgo(1).toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(400).body("errors.field", equalTo(List.of("bedType")));
        given().auth().oauth2(Callers.clinicianOf(Callers.COUNTY)).contentType(ContentType.JSON)
                .body(Map.of("bedType", "REABLEMENT_BED", "arrangedAt", minutesAgo(1).toString()))
                .put("/api/triage/" + id + "/bed")
                .then().statusCode(200).body("currentDecision.decisionNumber", equalTo(2))
                .body("currentDecision.rule", equalTo("BED_ARRANGED"));
        assertThat(queueReasons(id)).as("the bed type chosen, by the arrangement").isEmpty();
        assertThat(decisionEvent(id, 2).bedType()).isEqualTo(BedType.REABLEMENT_BED);
    }
}
