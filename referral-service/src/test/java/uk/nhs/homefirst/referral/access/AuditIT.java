package uk.nhs.homefirst.referral.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * A referrer's creations, reads, lists and cancellations of referrals, with their patients' identifiers, are
 * lines of the audit trail, which admin reads by referral and by subject; the trail itself holds
 * no NHS number or name.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class AuditIT {

    private static final String REFERRER = TestTokens.referrer(Referrals.ODS);
    private static final String ADMIN = TestTokens.of("admin");

    @Test
    void aReferralCreatedIsALineOfTheTrailOnceThroughEitherPath() {
        // The intake's writer (a batch per transaction) and the Idempotency-Key path (the request's transaction).
        String batched = given().auth().oauth2(REFERRER).contentType("application/json").body(Json.write(Referrals.valid()))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
        String key = java.util.UUID.randomUUID().toString();
        String body = Json.write(Referrals.valid());
        String keyed = given().auth().oauth2(REFERRER).header("Idempotency-Key", key).contentType("application/json")
                .body(body).post("/api/referrals").then().statusCode(201).extract().path("id");
        given().auth().oauth2(REFERRER).header("Idempotency-Key", key).contentType("application/json").body(body)
                .post("/api/referrals").then().statusCode(201).body("id", org.hamcrest.Matchers.equalTo(keyed));

        for (String id : List.of(batched, keyed)) {
            List<Map<String, Object>> created = given().auth().oauth2(ADMIN).queryParam("referralId", id).get("/api/audit")
                    .then().statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                    .filter(line -> "referral.create".equals(line.get("action"))).toList();
            assertThat(created).as("referral.create lines of " + id).singleElement().satisfies(line -> {
                assertThat(line).containsEntry("subject", "test-referrer")
                        .containsEntry("roles", List.of("referrer"))
                        .containsEntry("organisations", List.of(Referrals.ODS))
                        .containsEntry("referralIds", List.of(id));
                assertThat((String) line.get("clientAddress")).isNotBlank();
            });
        }
    }

    @Test
    void aReferrersReadsListAndCancellationAreLinesOfTheTrail() {
        String id = given().auth().oauth2(REFERRER).contentType("application/json").body(Json.write(Referrals.valid()))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
        given().auth().oauth2(REFERRER).get("/api/referrals/" + id).then().statusCode(200);
        given().auth().oauth2(REFERRER).queryParam("referrerOdsCode", Referrals.ODS).queryParam("size", 200)
                .get("/api/referrals").then().statusCode(200);
        given().auth().oauth2(REFERRER).get("/fhir/ServiceRequest/" + id).then().statusCode(200);
        given().auth().oauth2(REFERRER).contentType("application/json").body("{\"reason\": \"RAISED_IN_ERROR\"}")
                .post("/api/referrals/" + id + "/cancellation").then().statusCode(200);

        JsonPath trail = given().auth().oauth2(ADMIN).queryParam("referralId", id).get("/api/audit").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> lines = trail.getList("$");
        assertThat(lines).extracting(line -> line.get("action"))
                .containsSubsequence("audit.read", "referral.cancel", "referral.read", "referral.list", "referral.read",
                        "referral.create");
        Map<String, Object> cancelled = lines.stream().filter(line -> "referral.cancel".equals(line.get("action")))
                .findFirst().orElseThrow();
        assertThat(cancelled).containsEntry("subject", "test-referrer")
                .containsEntry("roles", List.of("referrer"))
                .containsEntry("organisations", List.of(Referrals.ODS))
                .containsEntry("referralIds", List.of(id));
        assertThat((String) cancelled.get("clientAddress")).isNotBlank();
        assertThat(lines).filteredOn(line -> "referral.read".equals(line.get("action")))
                .extracting(line -> line.get("target")).containsExactly("fhir", null);
        assertThat(trail.prettify()).doesNotContain("9434765919", "943 476 5919", "Ada", "Lovelace", "1941-03-02",
                "LE11 3TU", "07700 900123");

        assertThat(given().auth().oauth2(ADMIN).queryParam("subject", "test-referrer").get("/api/audit").jsonPath()
                .getList("subject", String.class)).isNotEmpty().containsOnly("test-referrer");
    }
}
