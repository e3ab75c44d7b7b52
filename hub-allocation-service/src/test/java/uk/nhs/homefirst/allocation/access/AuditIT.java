package uk.nhs.homefirst.allocation.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.asStaffOf;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.allocation.it.Fixtures;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * A hub's reads and visits are lines of the audit trail, which admin reads by referral and by
 * subject; a visit whose line cannot be written is not recorded either.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class AuditIT {

    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource database;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        Fixtures.actAsAdmin();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aHubsReadsAndVisitAreLinesOfTheTrail() {
        String id = allocatedToCharnwood();
        asStaffOf("charnwood-nwl").get("/api/hubs/charnwood-nwl/caseload").then().statusCode(200);
        asStaffOf("charnwood-nwl").get("/api/allocations/" + id).then().statusCode(200);
        String visit = asStaffOf("charnwood-nwl").contentType(ContentType.JSON).body(visit(id))
                .post("/api/visits").then().statusCode(201).extract().path("visitId");

        List<Map<String, Object>> lines = given().queryParam("referralId", id).get("/api/audit").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(lines).extracting(line -> line.get("action"))
                .containsSubsequence("audit.read", "visit.create", "allocation.read", "hub.caseload.read");
        Map<String, Object> visited = lines.stream().filter(line -> "visit.create".equals(line.get("action")))
                .findFirst().orElseThrow();
        assertThat(visited).containsEntry("subject", "test-hub-staff")
                .containsEntry("roles", List.of("hub-staff"))
                .containsEntry("hubs", List.of("charnwood-nwl"))
                .containsEntry("target", "visit=" + visit)
                .containsEntry("referralIds", List.of(id));
        assertThat((String) visited.get("clientAddress")).isNotBlank();

        assertThat(given().queryParam("subject", "test-hub-staff").get("/api/audit").jsonPath()
                .getList("subject", String.class)).isNotEmpty().containsOnly("test-hub-staff");
    }

    @Test
    void aVisitWhoseAuditLineCannotBeWrittenIsNotRecordedEither() throws SQLException {
        String id = allocatedToCharnwood();
        execute("""
                CREATE OR REPLACE FUNCTION audit_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
        execute("CREATE TRIGGER audit_test_refuse BEFORE INSERT ON audit_event FOR EACH ROW "
                + "WHEN (NEW.action = 'visit.create') EXECUTE FUNCTION audit_test_refuse()");
        try {
            assertThat(asStaffOf("charnwood-nwl").contentType(ContentType.JSON).body(visit(id)).post("/api/visits")
                    .statusCode()).isGreaterThanOrEqualTo(500);
        } finally {
            execute("DROP TRIGGER audit_test_refuse ON audit_event");
        }
        given().get("/api/allocations/" + id).then().statusCode(200).body("visits.size()", equalTo(0));
    }

    private String allocatedToCharnwood() {
        String id = newReferralId();
        new Fixtures(kafka, database).triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR,
                "LE11", anHourAgo(), "county-and-rutland"));
        awaitAllocated(id);
        return id;
    }

    private static String visit(String referralId) {
        return Json.write(Map.of("referralId", referralId, "visitedAt", Instant.now().minusSeconds(60).toString(),
                "outcome", "ATTENDED", "contactType", "IN_PERSON", "staffRole", "NURSE"));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
