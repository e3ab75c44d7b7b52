package uk.nhs.homefirst.triage.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * Every read and change of a referral's triage leaves a line in the audit trail (who, with what
 * role and scope, what, when, from where), which admin reads by referral and by subject. The trail
 * cannot be changed, and a change and its line are one transaction.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class AuditIT extends FixturedIT {

    private static final String CLINICIAN = Callers.clinicianOf(Callers.COUNTY);
    @Inject
    AgroalDataSource database;

    @Test
    void aCliniciansReadsAndDecisionAreLinesOfTheTrailThatAdminReadsByReferralAndBySubject() {
        String id = referral();
        given().auth().oauth2(CLINICIAN).get("/api/triage/queue?size=200").then().statusCode(200);
        given().auth().oauth2(CLINICIAN).get("/api/triage/" + id).then().statusCode(200);
        given().auth().oauth2(CLINICIAN).contentType(ContentType.JSON).body(decision())
                .post("/api/triage/" + id + "/decisions").then().statusCode(201);

        JsonPath trail = given().queryParam("referralId", id).get("/api/audit").then().statusCode(200)
                .extract().jsonPath();
        List<Map<String, Object>> lines = trail.getList("$");
        // Newest first; this very query is the newest.
        assertThat(lines).extracting(line -> line.get("action"))
                .containsSubsequence("audit.read", "triage.decision.create", "triage.case.read", "triage.queue.read");
        assertThat(lines.get(0)).containsEntry("action", "audit.read").containsEntry("subject", "test-admin");
        Map<String, Object> decided = lines.stream().filter(line -> "triage.decision.create".equals(line.get("action")))
                .findFirst().orElseThrow();
        assertThat(decided).containsEntry("action", "triage.decision.create")
                .containsEntry("subject", "test-ldu-clinician")
                .containsEntry("roles", List.of("ldu-clinician"))
                .containsEntry("ldu", "county-and-rutland")
                .containsEntry("referralIds", List.of(id));
        assertThat((String) decided.get("clientAddress")).isNotBlank();
        assertThat(Instant.parse((String) decided.get("occurredAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(trail.prettify()).doesNotContain(FakeReferrals.NHS_NUMBER, FakeReferrals.GIVEN_NAME,
                FakeReferrals.FAMILY_NAME, FakeReferrals.POSTCODE, FakeReferrals.PHONE);

        List<Map<String, Object>> bySubject = given().queryParam("subject", "test-ldu-clinician").get("/api/audit")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(bySubject).isNotEmpty().allSatisfy(line -> assertThat(line).containsEntry("subject", "test-ldu-clinician"));
        assertThat(bySubject).extracting(line -> line.get("action")).contains("triage.decision.create");

        // Reading the trail is itself a line of it.
        assertThat(given().queryParam("subject", "test-admin").queryParam("size", 1).get("/api/audit").jsonPath()
                .getString("[0].action")).isEqualTo("audit.read");
    }

    @Test
    void aDecisionWhoseAuditLineCannotBeWrittenIsNotMadeEither() throws SQLException {
        String id = referral();
        execute("""
                CREATE OR REPLACE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
        execute("CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_event FOR EACH ROW "
                + "WHEN (NEW.action = 'triage.decision.create') EXECUTE FUNCTION audit_test_refuse()");
        try {
            int status = given().contentType(ContentType.JSON).body(decision()).post("/api/triage/" + id + "/decisions")
                    .statusCode();
            assertThat(status).isGreaterThanOrEqualTo(500);
        } finally {
            execute("DROP TRIGGER audit_test_refuse ON audit_event");
        }
        given().get("/api/triage/" + id).then().statusCode(200).body("decisions.size()", equalTo(1));
        eventually().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> topics.triaged(id), records -> records.size() == 1);
    }

    @Test
    void theTrailIsAppendOnly() throws SQLException {
        referral();
        for (String change : List.of("UPDATE audit_event SET subject = 'someone else'", "DELETE FROM audit_event",
                "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> execute(change)).as(change).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void badParametersAreNamed() {
        assertThat(given().queryParam("referralId", "not-a-referral").queryParam("size", 0).get("/api/audit")
                .then().statusCode(400).contentType("application/problem+json").extract().jsonPath()
                .getList("errors.field", String.class)).containsExactlyInAnyOrder("referralId", "size");
    }

    private static String referral() {
        String id = FakeReferrals.newId();
        Instant receivedAt = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        // One the rules could not place, so that it is on the review queue whose read the trail records.
        topics.sendReceived(FakeReferrals.received(id, receivedAt, RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE));
        eventually().until(() -> given().get("/api/triage/" + id).statusCode() == 200);
        return id;
    }

    private static String decision() {
        return Json.write(Map.of("pathway", "END_OF_LIFE", "reason", "CLINICAL_JUDGEMENT"));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
