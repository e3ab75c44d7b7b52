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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitCorrected;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * Visits that can be trusted and corrected, through REST against a real broker and PostgreSQL: a
 * retry records one visit, a visit is voided or corrected by its hub's staff only, never deleted,
 * and each change is announced on the visits topic with the change.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class VisitCorrectionIT extends FixturedIT {

    static final String HUB = "city-south-east"; // LE2
    static final String OTHER_HUB = "charnwood-nwl";

    /** A referral triaged onto the 2-hour standard an hour ago, held by city-south-east. */
    String referral() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE2", anHourAgo()));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HUB);
        return id;
    }

    static Map<String, String> visit(String referralId, Instant visitedAt) {
        Map<String, String> body = new HashMap<>(Map.of("referralId", referralId, "visitedAt", visitedAt.toString(),
                "outcome", "ATTENDED", "contactType", "IN_PERSON", "staffRole", "NURSE"));
        return body;
    }

    static ExtractableResponse<Response> post(String path, Object body, String idempotencyKey, String... hubs) {
        var request = Fixtures.asStaffOf(hubs.length == 0 ? new String[] {HUB} : hubs).contentType(ContentType.JSON)
                .body(Json.write(body));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post(path).then().extract();
    }

    int visitsOf(String referralId) {
        return given().get("/api/allocations/" + referralId).jsonPath().getList("visits").size();
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyRecordsOneVisitAndGetsTheSameAnswerAndAnotherBodyIs422() {
        String id = referral();
        Map<String, String> body = visit(id, Instant.now().minus(Duration.ofMinutes(20)));
        String key = UUID.randomUUID().toString();

        ExtractableResponse<Response> first = post("/api/visits", body, key);
        ExtractableResponse<Response> retry = post("/api/visits", body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.jsonPath().getString("visitId")).isEqualTo(first.jsonPath().getString("visitId"));
        assertThat(visitsOf(id)).isEqualTo(1);

        body.put("outcome", "PATIENT_NOT_AT_HOME");
        ExtractableResponse<Response> other = post("/api/visits", body, key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("detail")).contains("Idempotency-Key");
        assertThat(visitsOf(id)).isEqualTo(1);

        fixtures.awaitOutboxSent(id);
        assertThat(fixtures.records(Topics.VISITS, id)).as("one visit announced once").hasSize(1);
    }

    @Test
    void aRetryWithTheHubSystemsOwnVisitIdRecordsOneVisitAndTheSameIdWithOtherFieldsIs409NamingIt() {
        String id = referral();
        Map<String, String> body = visit(id, Instant.now().minus(Duration.ofMinutes(20)));
        body.put("sourceVisitId", "SYSTMONE-V-" + UUID.randomUUID());

        ExtractableResponse<Response> first = post("/api/visits", body, null);
        ExtractableResponse<Response> retry = post("/api/visits", body, null);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.jsonPath().getString("visitId")).isEqualTo(first.jsonPath().getString("visitId"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(visitsOf(id)).isEqualTo(1);

        body.put("contactType", "TELEPHONE");
        ExtractableResponse<Response> other = post("/api/visits", body, null);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("detail")).contains("sourceVisitId");
        assertThat(visitsOf(id)).isEqualTo(1);
    }

    @Test
    void aVisitRecordsItsContactAndRoleAndOnlyAnAttendedVisitInPersonCountsAsAttended() {
        String id = referral();
        Map<String, String> phone = visit(id, Instant.now().minus(Duration.ofMinutes(30)));
        phone.put("contactType", "TELEPHONE");
        phone.put("staffRole", "THERAPIST");
        ExtractableResponse<Response> recorded = post("/api/visits", phone, null);
        assertThat(recorded.statusCode()).isEqualTo(201);
        assertThat(recorded.jsonPath().getString("contactType")).isEqualTo("TELEPHONE");
        assertThat(recorded.jsonPath().getString("staffRole")).isEqualTo("THERAPIST");
        assertThat(recorded.jsonPath().getBoolean("stopsClock")).isFalse();
        given().get("/api/hubs/" + HUB + "/caseload").then()
                .body("referrals.find { it.referralId == '" + id + "' }.attended", equalTo(false));

        fixtures.awaitOutboxSent(id);
        VisitRecorded event = Json.read(fixtures.records(Topics.VISITS, id).get(0).value(), VisitRecorded.class);
        assertThat(event.contactType()).isEqualTo(ContactType.TELEPHONE);
        assertThat(event.staffRole()).isEqualTo(StaffRole.THERAPIST);
    }

    @Test
    void aVoidKeepsTheVisitMarkedVoidAnnouncesItAndASecondVoidIs409() {
        String id = referral();
        String visitId = post("/api/visits", visit(id, Instant.now().minus(Duration.ofMinutes(20))), null)
                .jsonPath().getString("visitId");

        ExtractableResponse<Response> voided = post("/api/visits/" + visitId + "/void",
                Map.of("reason", "DID_NOT_TAKE_PLACE"), null);
        assertThat(voided.statusCode()).isEqualTo(200);
        assertThat(voided.jsonPath().getString("voidReason")).isEqualTo("DID_NOT_TAKE_PLACE");
        assertThat(voided.jsonPath().getInt("revision")).isEqualTo(1);
        assertThat(voided.jsonPath().getBoolean("stopsClock")).isFalse();
        assertThat(voided.jsonPath().getList("changes.kind")).containsExactly("VOIDED");

        given().get("/api/visits/" + visitId).then().statusCode(200).body("voidedAt", equalTo(
                voided.jsonPath().getString("voidedAt")));
        given().get("/api/allocations/" + id).then().body("visits.size()", equalTo(1));
        given().get("/api/hubs/" + HUB + "/caseload").then()
                .body("referrals.find { it.referralId == '" + id + "' }.attended", equalTo(false))
                .body("referrals.find { it.referralId == '" + id + "' }.visits", equalTo(0));
        post("/api/visits/" + visitId + "/void", Map.of("reason", "DUPLICATE"), null).response().then()
                .statusCode(409).contentType("application/problem+json").body("detail", containsString("voided"));
        post("/api/visits/" + visitId + "/corrections", Map.of("reason", "WRONG_TIME", "visitedAt",
                Instant.now().minus(Duration.ofMinutes(10)).toString()), null).response().then().statusCode(409);

        fixtures.awaitOutboxSent(id);
        List<ConsumerRecord<String, String>> records = fixtures.records(Topics.VISITS, id);
        assertThat(records).hasSize(2);
        assertThat(KafkaTestClient.header(records.get(1), CloudEventHeaders.TYPE)).isEqualTo(VisitVoided.TYPE);
        VisitVoided event = Json.read(records.get(1).value(), VisitVoided.class);
        assertThat(event.visitId()).isEqualTo(visitId);
        assertThat(event.revision()).isEqualTo(1);
        assertThat(event.reason()).isEqualTo(VisitChangeReason.DID_NOT_TAKE_PLACE);
        assertThat(event.movedToReferralId()).isNull();
    }

    @Test
    void aCorrectionChangesWhatItNamesKeepsWhatTheVisitSaidBeforeAndIsAnnounced() {
        String id = referral();
        Instant first = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String visitId = post("/api/visits", visit(id, first), null).jsonPath().getString("visitId");
        Instant corrected = Instant.now().minus(Duration.ofMinutes(25)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        ExtractableResponse<Response> answer = post("/api/visits/" + visitId + "/corrections",
                Map.of("reason", "WRONG_TIME", "visitedAt", corrected.toString(), "contactType", "VIDEO"), null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(answer.jsonPath().getString("visitedAt"))).isEqualTo(corrected);
        assertThat(answer.jsonPath().getString("contactType")).isEqualTo("VIDEO");
        assertThat(answer.jsonPath().getString("outcome")).isEqualTo("ATTENDED");
        assertThat(answer.jsonPath().getList("changes.contactType")).containsExactly("IN_PERSON");
        assertThat(Instant.parse(answer.jsonPath().getString("changes[0].visitedAt"))).isEqualTo(first);

        fixtures.awaitOutboxSent(id);
        ConsumerRecord<String, String> record = fixtures.records(Topics.VISITS, id).get(1);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo(VisitCorrected.TYPE);
        VisitCorrected event = Json.read(record.value(), VisitCorrected.class);
        assertThat(event.revision()).isEqualTo(1);
        assertThat(event.visitedAt()).isEqualTo(corrected);
        assertThat(event.contactType()).isEqualTo(ContactType.VIDEO);
        assertThat(event.previousReferralId()).isNull();
    }

    @Test
    void aVisitMovedToTheRightReferralIsAVoidForTheOldOneAndACorrectionForTheNew() {
        String wrong = referral();
        String right = referral();
        String visitId = post("/api/visits", visit(wrong, Instant.now().minus(Duration.ofMinutes(20))), null)
                .jsonPath().getString("visitId");

        ExtractableResponse<Response> moved = post("/api/visits/" + visitId + "/corrections",
                Map.of("reason", "WRONG_REFERRAL", "referralId", right), null);

        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.jsonPath().getString("referralId")).isEqualTo(right);
        assertThat(visitsOf(wrong)).isZero();
        assertThat(visitsOf(right)).isEqualTo(1);
        fixtures.awaitOutboxSent(wrong);
        fixtures.awaitOutboxSent(right);
        VisitVoided left = Json.read(fixtures.records(Topics.VISITS, wrong).get(1).value(), VisitVoided.class);
        assertThat(left.reason()).isEqualTo(VisitChangeReason.WRONG_REFERRAL);
        assertThat(left.movedToReferralId()).isEqualTo(right);
        VisitCorrected arrived = Json.read(fixtures.records(Topics.VISITS, right).get(0).value(), VisitCorrected.class);
        assertThat(arrived.previousReferralId()).isEqualTo(wrong);
        assertThat(arrived.revision()).isEqualTo(left.revision()).isEqualTo(1);
    }

    @Test
    void onlyTheStaffOfTheVisitsHubChangeItAndEveryInvalidFieldIsNamed() {
        String id = referral();
        String visitId = post("/api/visits", visit(id, Instant.now().minus(Duration.ofMinutes(20))), null)
                .jsonPath().getString("visitId");

        post("/api/visits/" + visitId + "/void", Map.of("reason", "DUPLICATE"), null, OTHER_HUB).response().then()
                .statusCode(403).contentType("application/problem+json");
        post("/api/visits/" + visitId + "/corrections", Map.of("reason", "WRONG_TIME", "visitedAt",
                Instant.now().toString()), null, OTHER_HUB).response().then().statusCode(403);
        given().contentType(ContentType.JSON).body(Json.write(Map.of("reason", "DUPLICATE")))
                .post("/api/visits/" + visitId + "/void").then().statusCode(403);
        post("/api/visits/" + UUID.randomUUID() + "/void", Map.of("reason", "DUPLICATE"), null).response().then()
                .statusCode(404).contentType("application/problem+json");

        assertThat(post("/api/visits/" + visitId + "/void", Map.of("reason", "MISTAKE", "outcome", "ATTENDED"), null)
                .jsonPath().getList("errors.field")).containsExactlyInAnyOrder("reason", "outcome");
        assertThat(post("/api/visits/" + visitId + "/corrections", Map.of("reason", "WRONG_TIME"), null)
                .jsonPath().getList("errors.field")).containsExactly("referralId");
        assertThat(post("/api/visits/" + visitId + "/corrections", Map.of("reason", "WRONG_TIME", "visitedAt",
                Instant.now().plus(Duration.ofHours(1)).toString(), "contactType", "LETTER"), null)
                .jsonPath().getList("errors.field")).containsExactlyInAnyOrder("visitedAt", "contactType");
        given().get("/api/visits/" + visitId).then().body("revision", equalTo(0)).body("voidedAt", equalTo(null));
    }
}
