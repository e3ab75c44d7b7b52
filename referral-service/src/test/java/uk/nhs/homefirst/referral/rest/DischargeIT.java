package uk.nhs.homefirst.referral.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.DischargeDelayed;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.referral.support.Database;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * POST /api/referrals/{id}/discharge: a hospital confirms a discharge-to-assess patient's discharge,
 * or moves the expected date, and each is announced once on the referrals topic after the referral.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class DischargeIT {

    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Referred from the ward two hours ago (the stated receipt), before the patient leaves. */
    private static String referFromHospital(LocalDate expected, Integer pathway) {
        var referral = Referrals.with(Referrals.hospital(expected == null ? null : expected.toString(), pathway),
                "receivedAt", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        return given().contentType("application/json").body(write(referral))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
    }

    private static Response discharge(String id, String body) {
        return given().contentType("application/json").body(body).post("/api/referrals/" + id + "/discharge");
    }

    private static Response discharge(String id, String key, String body) {
        return given().contentType("application/json").header("Idempotency-Key", key).body(body)
                .post("/api/referrals/" + id + "/discharge");
    }

    @Test
    void aHospitalReferralCarriesItsExpectedDischargeAndAwaitsIt() {
        LocalDate expected = LocalDate.now().plusDays(2);
        String id = referFromHospital(expected, 1);

        JsonPath referral = given().get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(referral.getString("discharge.status")).isEqualTo("AWAITING_DISCHARGE");
        assertThat(referral.getString("discharge.expectedDate")).isEqualTo(expected.toString());
        assertThat(referral.getInt("discharge.pathway")).isEqualTo(1);
        ReferralReceived received = Json.read(eventually().until(() -> Referrals.onTopic(kafka, id),
                found -> !found.isEmpty()).get(0).value(), ReferralReceived.class);
        assertThat(received.discharge()).isEqualTo(new ReferralReceived.Discharge(expected, 1));
    }

    @Test
    void aConfirmedDischargeIsStoredAndAnnouncedAfterTheReferralWithNoPatientData() {
        String id = referFromHospital(LocalDate.now(), 2);
        Instant dischargedAt = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

        JsonPath answer = discharge(id, "{\"status\": \"DISCHARGED\", \"dischargedAt\": \"" + dischargedAt
                + "\", \"pathway\": 1}").then().statusCode(200).contentType("application/json").extract().jsonPath();

        assertThat(answer.getString("status")).isEqualTo("DISCHARGED");
        assertThat(Instant.parse(answer.getString("dischargedAt"))).isEqualTo(dischargedAt);
        assertThat(answer.getInt("pathway")).as("the hospital's confirmation overrides the planned pathway").isEqualTo(1);
        List<ConsumerRecord<String, String>> records = eventually()
                .until(() -> Referrals.onTopic(kafka, id), found -> found.size() >= 2);
        assertThat(records).extracting(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE))
                .containsExactly(ReferralReceived.TYPE, PatientDischarged.TYPE);
        PatientDischarged event = Json.read(records.get(1).value(), PatientDischarged.class);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.dischargedAt()).isEqualTo(dischargedAt);
        assertThat(event.dischargePathway()).isEqualTo(1);
        assertThat(records.get(1).value()).doesNotContain("9434765919").doesNotContain("Lovelace");
    }

    @Test
    void aSecondConfirmationIsRefusedNamingTheFirstAndChangesNothing() {
        String id = referFromHospital(LocalDate.now(), 1);
        Instant first = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        discharge(id, "{\"status\": \"DISCHARGED\", \"dischargedAt\": \"" + first + "\"}").then().statusCode(200);

        String again = discharge(id, "{\"status\": \"DISCHARGED\"}").then().statusCode(409)
                .contentType("application/problem+json").extract().asString();
        String postponed = discharge(id, "{\"status\": \"POSTPONED\", \"expectedDate\": \"" + LocalDate.now().plusDays(1)
                + "\"}").then().statusCode(409).extract().asString();

        JsonNode problem = Json.read(again, JsonNode.class);
        assertThat(problem.path("type").asText()).isEqualTo("urn:uk-nhs-homefirst:problem:already-discharged");
        assertThat(problem.path("detail").asText()).contains(first.toString());
        assertThat(Json.read(postponed, JsonNode.class).path("type").asText())
                .isEqualTo("urn:uk-nhs-homefirst:problem:already-discharged");
        assertThat(new Database(dataSource).outboxRows(id)).isEqualTo(2);
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndChangesNothing() {
        String id = referFromHospital(LocalDate.now(), 1);
        String key = UUID.randomUUID().toString();
        String body = "{\"status\": \"DISCHARGED\"}";

        String first = discharge(id, key, body).then().statusCode(200).extract().asString();
        Response retry = discharge(id, key, body).then().statusCode(200).extract().response();

        assertThat(retry.asString()).isEqualTo(first);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(new Database(dataSource).outboxRows(id)).isEqualTo(2);
        discharge(id, key, "{\"status\": \"DISCHARGED\", \"pathway\": 3}").then().statusCode(422);
    }

    @Test
    void aPostponedOrCancelledDischargeMovesTheExpectedDateAndKeepsItAwaiting() {
        String id = referFromHospital(LocalDate.now(), 1);
        LocalDate later = LocalDate.now().plusDays(3);

        discharge(id, "{\"status\": \"POSTPONED\"}").then().statusCode(400);
        discharge(id, "{\"status\": \"POSTPONED\", \"expectedDate\": \"" + later + "\"}").then().statusCode(200);
        JsonPath cancelled = discharge(id, "{\"status\": \"CANCELLED\"}").then().statusCode(200).extract().jsonPath();

        assertThat(cancelled.getString("status")).isEqualTo("AWAITING_DISCHARGE");
        assertThat(cancelled.getString("expectedDate")).as("a cancelled discharge has no date until one is given")
                .isNull();
        List<ConsumerRecord<String, String>> records = eventually()
                .until(() -> Referrals.onTopic(kafka, id), found -> found.size() >= 3);
        assertThat(records).extracting(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE))
                .containsExactly(ReferralReceived.TYPE, DischargeDelayed.TYPE, DischargeDelayed.TYPE);
        DischargeDelayed postponed = Json.read(records.get(1).value(), DischargeDelayed.class);
        assertThat(postponed.change()).isEqualTo(DischargeDelayed.DischargeChange.POSTPONED);
        assertThat(postponed.expectedDischargeDate()).isEqualTo(later);
    }

    @Test
    void badInputUnknownReferralsAndReferralsAwaitingNoDischargeAreRefusedClearly() {
        String id = referFromHospital(null, null);

        List<String> fields = Json.read(discharge(id, "{\"status\": \"GONE\", \"pathway\": 4, \"dischargedAt\": \""
                + Instant.now().plusSeconds(3600) + "\"}").then().statusCode(400).contentType("application/problem+json")
                .extract().asString(), JsonNode.class).path("errors").findValuesAsText("field");
        assertThat(fields).contains("status", "pathway");
        assertThat(Json.read(discharge(id, "{\"status\": \"DISCHARGED\"}").then().statusCode(400).extract().asString(),
                JsonNode.class).path("errors").findValuesAsText("field"))
                .as("no pathway stated at referral nor now").containsExactly("pathway");
        assertThat(Json.read(discharge(id, "{\"status\": \"DISCHARGED\", \"pathway\": 1, \"dischargedAt\": \""
                + Instant.now().minus(3, ChronoUnit.HOURS) + "\"}").then().statusCode(400).extract().asString(),
                JsonNode.class).path("errors").findValuesAsText("field"))
                .as("a discharge before the referral").containsExactly("dischargedAt");
        discharge(UUID.randomUUID().toString(), "{\"status\": \"DISCHARGED\", \"pathway\": 1}").then().statusCode(404)
                .contentType("application/problem+json");
        String fromGp = given().contentType("application/json").body(write(Referrals.valid())).post("/api/referrals")
                .then().statusCode(201).extract().path("id");
        assertThat(Json.read(discharge(fromGp, "{\"status\": \"DISCHARGED\", \"pathway\": 1}").then().statusCode(409)
                .extract().asString(), JsonNode.class).path("type").asText())
                .isEqualTo("urn:uk-nhs-homefirst:problem:not-awaiting-discharge");
        given().contentType("application/json").body(write(Referrals.with(Referrals.hospital(null, 1), "source", "GP")))
                .post("/api/referrals").then().statusCode(400);
    }

    private static String encounter(String referralId, String end, String pathway) {
        return "{\"resourceType\": \"Encounter\", \"status\": \"finished\", \"class\": {\"system\": "
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\", \"code\": \"IMP\"}, "
                + "\"basedOn\": [{\"reference\": \"ServiceRequest/" + referralId + "\"}]"
                + (end == null ? "" : ", \"period\": {\"end\": \"" + end + "\"}")
                + (pathway == null ? "" : ", \"hospitalization\": {\"dischargeDisposition\": {\"coding\": [{\"system\": "
                        + "\"https://homefirst.nhs.uk/fhir/CodeSystem/discharge-pathway\", \"code\": \"" + pathway + "\"}]}}")
                + "}";
    }

    private static Response postEncounter(String body) {
        return given().contentType("application/fhir+json").body(body).post("/fhir/Encounter");
    }

    @Test
    void aFinishedFhirEncounterBasedOnTheServiceRequestConfirmsTheDischarge() {
        String id = referFromHospital(LocalDate.now(), 1);
        Instant end = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);

        String missing = postEncounter(encounter(id, null, "2")).then().statusCode(400).extract().asString();
        String recorded = postEncounter(encounter(id, end.toString(), "2")).then().statusCode(201)
                .contentType("application/fhir+json").extract().asString();
        String again = postEncounter(encounter(id, end.toString(), "2")).then().statusCode(409).extract().asString();

        assertThat(Json.read(missing, JsonNode.class).path("issue").findValues("expression").toString())
                .contains("Encounter.period.end");
        JsonNode encounter = Json.read(recorded, JsonNode.class);
        assertThat(encounter.path("basedOn").get(0).path("reference").asText()).isEqualTo("ServiceRequest/" + id);
        assertThat(encounter.at("/hospitalization/dischargeDisposition/coding/0/code").asText()).isEqualTo("2");
        assertThat(Json.read(again, JsonNode.class).path("resourceType").asText()).isEqualTo("OperationOutcome");
        JsonPath referral = given().get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(referral.getString("discharge.status")).isEqualTo("DISCHARGED");
        assertThat(Instant.parse(referral.getString("discharge.dischargedAt"))).isEqualTo(end);
        assertThat(referral.getInt("discharge.pathway")).isEqualTo(2);
        postEncounter(encounter(UUID.randomUUID().toString(), end.toString(), "1")).then().statusCode(404);
    }
}
