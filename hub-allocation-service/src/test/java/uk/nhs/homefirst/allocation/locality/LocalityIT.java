package uk.nhs.homefirst.allocation.locality;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static uk.nhs.homefirst.allocation.it.Fixtures.PATIENCE;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.nhs.homefirst.allocation.hub.Hubs;
import uk.nhs.homefirst.allocation.it.Fixtures;
import uk.nhs.homefirst.allocation.it.FixturedIT;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * Localities through Kafka and REST: the GP practice first (the tests' practice table lists Z99001,
 * Melton and Rutland, and Z99002, City North and West), then the LLR district table, given to the hubs
 * at start.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class LocalityIT extends FixturedIT {

    @Inject
    LocalityTables tables;

    @Inject
    Hubs hubs;

    @Test
    void aReferralGoesToItsGpPracticesHubBeforeItsDistrictsAndTheBasisIsKept() {
        // Lives in LE1 (City North and West), registered with the Melton practice.
        String id = newReferralId();
        fixtures.triage(decision(id, "LE1", "Z99001"));
        JsonPath allocated = awaitAllocated(id);
        assertThat(allocated.getString("hubId")).isEqualTo("melton-rutland");
        assertThat(allocated.getString("allocations[0].locality")).isEqualTo("GP_PRACTICE");
        assertThat(allocated.getString("allocations[0].reason")).isEqualTo("HOME_HUB");
        // Announced as an automatic allocation, as readers of the contract know it.
        ConsumerRecord<String, String> event = await().atMost(PATIENCE).until(
                () -> kafka.read(Topics.ALLOCATIONS, r -> id.equals(r.key())), records -> records.size() == 1).get(0);
        assertThat(Json.read(event.value(), Map.class)).containsEntry("hubId", "melton-rutland")
                .containsEntry("method", "POSTCODE_DISTRICT");

        // Lives over the border in Nottingham, registered with an LLR practice: its practice's hub.
        String overTheBorder = newReferralId();
        fixtures.triage(decision(overTheBorder, "NG7", "z99002"));
        assertThat(awaitAllocated(overTheBorder).getString("hubId")).isEqualTo("city-north-west");
        assertThat(awaitAllocated(overTheBorder).getString("allocations[0].locality")).isEqualTo("GP_PRACTICE");
    }

    @ParameterizedTest
    @CsvSource({"DE12, charnwood-nwl", "DE74, charnwood-nwl", "CV13, hinckley-bosworth", "NG13, melton-rutland",
            "LE1, city-north-west"})
    void aPracticeNotListedFallsBackToTheDistrictAndTheIssuesBorderDistrictsAllocateAutomatically(String district,
            String hub) {
        String id = newReferralId();
        fixtures.triage(decision(id, district, "C82001"));
        JsonPath allocated = awaitAllocated(id);
        assertThat(allocated.getString("hubId")).isEqualTo(hub);
        assertThat(allocated.getString("allocations[0].locality")).isEqualTo("POSTCODE_DISTRICT");
    }

    @Test
    void aDistrictOutsideLlrWithAPracticeNotListedWaitsForItsLduWithTheReason() {
        String id = newReferralId();
        fixtures.awaitProcessed(fixtures.triage(decision(id, "NG7", "C82001")));
        given().get("/api/allocations/" + id).then().statusCode(200)
                .body("status", equalTo("UNALLOCATED")).body("hubId", nullValue());
        JsonPath waiting = given().get("/api/allocations/unallocated").then().statusCode(200).extract().jsonPath();
        assertThat(waiting.getString("find { it.referralId == '" + id + "' }.reason")).isEqualTo("NO_COVERING_HUB");
        assertThat(waiting.getString("find { it.referralId == '" + id + "' }.postcodeDistrict")).isEqualTo("NG7");
    }

    @Test
    void everyDistrictOfTheTableWasGivenToItsHubAtStart() {
        DistrictTable table = DistrictTable.builtIn(QuarkusTransaction.requiringNew().call(hubs::ids));
        JsonPath listed = given().get("/api/hubs").then().statusCode(200).extract().jsonPath();
        table.asMap().values().forEach(d -> assertThat(listed.getList(
                "find { it.id == '" + d.hubId() + "' }.districts", String.class)).as(d.district()).contains(d.district()));
    }

    @Test
    void aDistrictAdminTookFromAHubStaysAwayWhenTheTableIsGivenOutAgainAndOneNeverSeenIsGiven() throws SQLException {
        List<String> melton = given().get("/api/hubs/melton-rutland").then().statusCode(200).extract().jsonPath()
                .getList("districts", String.class);
        assertThat(melton).contains("NG33");
        try {
            given().contentType(ContentType.JSON)
                    .body(Json.write(Map.of("districts", melton.stream().filter(d -> !d.equals("NG33")).toList())))
                    .put("/api/hubs/melton-rutland/districts").then().statusCode(200);
            assertThat(giveOutAgain()).isEmpty();
            given().get("/api/hubs/melton-rutland").then().body("districts", not(hasItem("NG33")));

            // A district the table never gave out (a new row of a replaced file) is given to its hub.
            execute("DELETE FROM district_table_seen WHERE district = 'NG33'");
            assertThat(giveOutAgain()).containsExactly("NG33=melton-rutland");
            given().get("/api/hubs/melton-rutland").then().body("districts", hasItem("NG33"));
        } finally {
            given().contentType(ContentType.JSON).body(Json.write(Map.of("districts", melton)))
                    .put("/api/hubs/melton-rutland/districts").then().statusCode(200);
        }
    }

    private List<String> giveOutAgain() {
        return QuarkusTransaction.requiringNew().call(
                () -> tables.seed(DistrictTable.builtIn(hubs.ids()), Instant.now()));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static ReferralTriaged decision(String referralId, String district, String practice) {
        Instant received = anHourAgo();
        return new ReferralTriaged(referralId, UUID.randomUUID().toString(), 1, received.plusSeconds(300), received,
                Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules", "RULE_URGENT_CRISIS_RESPONSE",
                ReferralSource.GP, RequestedUrgency.CRISIS, district, practice, "county-and-rutland");
    }
}
