package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * A hub sends a referral back to its LDU through REST, against a real broker and PostgreSQL: the allocation is
 * released (it leaves the caseload, waits on the LDU's unallocated list as SENT_BACK, the allocation says why),
 * ReferralSentBack is announced once with no free text, only the holding hub's staff may, a second send-back
 * while it is back is 409, and the LDU's next decision or placement gives it a hub again.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class SendBackIT extends FixturedIT {

    static final String HUB = "city-south-east"; // LE2, the city LDU's
    static final String OTHER_HUB = "charnwood-nwl";
    static final String WORDS = "Lives in Oadby with her daughter now: not ours. Please route to south Leicestershire.";

    /** A crisis referral triaged an hour ago, routed to the city LDU, held by city-south-east. */
    String referral() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE2", anHourAgo(),
                "city"));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HUB);
        return id;
    }

    static ExtractableResponse<Response> sendBack(String id, Object body, String idempotencyKey, String... hubs) {
        var request = Fixtures.asStaffOf(hubs.length == 0 ? new String[] {HUB} : hubs).contentType(ContentType.JSON)
                .body(Json.write(body));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/allocations/" + id + "/send-back").then().extract();
    }

    @Test
    void theHoldingHubSendsItBackTheAllocationIsReleasedAndTheLduIsToldOnceWithoutTheWords() {
        String id = referral();
        ExtractableResponse<Response> sent = sendBack(id, Map.of("reasonCode", "OUTSIDE_AREA", "reason", WORDS),
                "send-back-" + id);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.jsonPath().getString("hubId")).isEqualTo(HUB);
        assertThat(sent.jsonPath().getString("reasonCode")).isEqualTo("OUTSIDE_AREA");
        assertThat(sent.jsonPath().getString("reason")).isEqualTo(WORDS);
        assertThat(sent.jsonPath().getInt("allocationNumber")).isEqualTo(1);
        String sentBackAt = sent.jsonPath().getString("sentBackAt");
        ExtractableResponse<Response> replayed = sendBack(id, Map.of("reasonCode", "OUTSIDE_AREA", "reason", WORDS),
                "send-back-" + id);
        assertThat(replayed.header("Idempotent-Replayed")).as("a retry under its key answers as the first").isEqualTo("true");
        assertThat(replayed.jsonPath().getString("sendBackId")).isEqualTo(sent.jsonPath().getString("sendBackId"));

        // Released: off the caseload, on the LDU's unallocated list with the reason, the allocation says why.
        var caseload = given().get("/api/hubs/" + HUB + "/caseload").then().statusCode(200).extract().jsonPath();
        assertThat(caseload.getList("referrals.referralId")).doesNotContain(id);
        List<Map<String, Object>> waiting = Fixtures.asClinicianOf("city").get("/api/allocations/unallocated")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(waiting).filteredOn(w -> id.equals(w.get("referralId"))).singleElement()
                .satisfies(w -> assertThat(w.get("reason")).isEqualTo("SENT_BACK"));
        Fixtures.asClinicianOf("city").get("/api/allocations/" + id).then().statusCode(200)
                .body("status", equalTo("UNALLOCATED"))
                .body("hubId", equalTo(null))
                .body("allocations[0].releasedAt", equalTo(sentBackAt))
                .body("allocations[0].releaseReason", equalTo("OUTSIDE_AREA"))
                .body("sendBacks[0].reason", equalTo(WORDS))
                .body("sendBacks[0].sentBackBy", equalTo(sent.jsonPath().getString("sentBackBy")));

        fixtures.awaitOutboxSent(id);
        List<ConsumerRecord<String, String>> records = fixtures.records(Topics.ALLOCATIONS, id);
        assertThat(records).extracting(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE))
                .containsExactly(ReferralAllocated.TYPE, ReferralSentBack.TYPE);
        ReferralSentBack event = Json.read(records.get(1).value(), ReferralSentBack.class);
        assertThat(event).isEqualTo(new ReferralSentBack(id, sent.jsonPath().getString("sendBackId"), HUB, 1,
                SendBackReason.OUTSIDE_AREA, Instant.parse(sentBackAt), sent.jsonPath().getString("sentBackBy"), "city"));
        assertThat(records.get(1).value()).as("the staff's words stay here").doesNotContain("Oadby");
        assertThat(KafkaTestClient.header(records.get(1), CloudEventHeaders.SUBJECT)).isEqualTo(id);
    }

    @Test
    void aSecondSendBackWhileItIsBackWithTheLduIs409AndTheLdusNextDecisionOrPlacementGivesItAHubAgain() {
        String id = referral();
        sendBack(id, Map.of("reasonCode", "WRONG_PATHWAY", "reason", "Needs a bed"), null).response().then()
                .statusCode(200);
        sendBack(id, Map.of("reasonCode", "WRONG_PATHWAY", "reason", "Needs a bed"), null).response().then()
                .statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already back with its LDU"));

        // The LDU re-triages it: the next decision allocates it by its district again, as a new allocation.
        String decided = fixtures.triage(decision(id, 2, Pathway.BED_BASED, null, "LE2", anHourAgo(), "city"));
        fixtures.awaitProcessed(decided);
        var json = awaitAllocated(id);
        assertThat(json.getString("hubId")).isEqualTo(HUB);
        assertThat(json.getInt("allocations[1].allocationNumber")).isEqualTo(2);
        assertThat(json.getString("allocations[1].reason")).isEqualTo("HOME_HUB");

        // Back with a hub, it may be sent back again; then the LDU places it by hand elsewhere.
        sendBack(id, Map.of("reasonCode", "PATIENT_DECLINED", "reason", "Declined on the phone"), null).response()
                .then().statusCode(200).body("allocationNumber", equalTo(2));
        Fixtures.asClinicianOf("city").contentType(ContentType.JSON).body(Json.write(Map.of("hubId", OTHER_HUB)))
                .put("/api/allocations/" + id).then().statusCode(200).body("hubId", equalTo(OTHER_HUB))
                .body("allocations[2].reason", equalTo("MANUAL"))
                .body("sendBacks.size()", equalTo(2));
        // Now the other hub holds it: the first hub is refused, the holder may send it back.
        sendBack(id, Map.of("reasonCode", "WRONG_PATHWAY", "reason", "x"), null).response().then().statusCode(403);
        sendBack(id, Map.of("reasonCode", "NEEDS_MORE_INFORMATION", "reason", "Which ward?"), null, OTHER_HUB)
                .response().then().statusCode(200).body("hubId", equalTo(OTHER_HUB));
    }

    @Test
    void onlyTheHoldingHubsStaffSendItBackBeforeTheFieldsAreJudgedAndEveryBadFieldIsNamed() {
        String id = referral();
        sendBack(id, Map.of("reasonCode", "NOPE"), null, OTHER_HUB).response().then().statusCode(403)
                .contentType("application/problem+json");
        Fixtures.asClinicianOf("city").contentType(ContentType.JSON)
                .body(Json.write(Map.of("reasonCode", "WRONG_PATHWAY", "reason", "x")))
                .post("/api/allocations/" + id + "/send-back").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Json.write(Map.of("reasonCode", "WRONG_PATHWAY", "reason", "x")))
                .post("/api/allocations/" + id + "/send-back").then().statusCode(403);

        sendBack(id, Map.of("reasonCode", "TOO_BUSY", "reason", "a".repeat(501)), null).response().then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("reasonCode", "reason")));
        sendBack(id, Map.of(), null).response().then().statusCode(400)
                .body("errors.field", equalTo(List.of("reasonCode", "reason")));
        Fixtures.asStaffOf(HUB).contentType(ContentType.JSON).body(Json.write(Map.of("reasonCode", "OUTSIDE_AREA",
                "reason", "x"))).post("/api/allocations/" + newReferralId() + "/send-back").then().statusCode(404);
        assertThat(Fixtures.allocation(id).getString("hubId")).as("nothing refused changes it").isEqualTo(HUB);
    }
}
