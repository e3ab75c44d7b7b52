package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Sql;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.StallableProxy;

/**
 * The database stops answering (every byte held, connections open, as when its process is frozen)
 * while triage decisions and cancellations arrive. Both consumers wait it out with backoff and carry
 * on by themselves once it is back, with no restart, nothing lost or dead-lettered; meanwhile
 * health says DOWN within 2 s of being asked, and a visit posted gets a 503 with Retry-After within
 * 5 s and is not recorded. The stall is 15 s, longer than every database timeout (the longest, the
 * driver's socket timeout, is 3 s) and the consumers' longest pause (lowered to 1 s in tests).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class DatabaseStallIT {

    private static final Duration STALL = Duration.ofSeconds(15);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
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
    void bothConsumersWaitOutADatabaseStallAndCarryOnByThemselves() throws Exception {
        Fixtures fixtures = new Fixtures(kafka, database);
        Instant received = anHourAgo();
        String cancelled = newReferralId();
        fixtures.triage(decision(cancelled, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE11", received));
        awaitAllocated(cancelled);

        // Ready before (and the HTTP client warmed up, so that its first call's set-up is not timed).
        given().when().get("/q/health/ready").then().statusCode(200);
        StallableProxy proxy = SharedInfrastructure.databaseProxy();
        List<String> triaged = List.of(newReferralId(), newReferralId());
        Instant stalled = Instant.now();
        proxy.stall();
        try {
            for (String id : triaged) {
                fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE5", received));
            }
            kafka.sendEvent(Topics.REFERRALS, cancelled, ReferralCancelled.TYPE,
                    new ReferralCancelled(cancelled, received.plusSeconds(600), CancellationReason.PATIENT_ADMITTED, null));

            ExtractableResponse<Response> health = await().atMost(PATIENCE).until(() -> timed("/q/health/ready"),
                    response -> response.statusCode() == 503
                            && "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Database' }.status"))
                            && "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Event consumers' }.status")));
            assertThat(health.jsonPath().getString("checks.find { it.name == 'Event consumers' }.data.hub-allocation-service"))
                    .startsWith("retrying since");
            assertThat(timed("/q/health/live").statusCode()).isEqualTo(200);

            Instant asked = Instant.now();
            Fixtures.asStaffOf("charnwood-nwl").contentType(ContentType.JSON)
                    .body("{\"referralId\": \"" + cancelled + "\", \"visitedAt\": \"" + received.plusSeconds(300)
                            + "\", \"outcome\": \"ATTENDED\", \"contactType\": \"IN_PERSON\", \"staffRole\": \"NURSE\"}")
                    .post("/api/visits").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));

            await().atMost(PATIENCE).until(() -> Duration.between(stalled, Instant.now()).compareTo(STALL) >= 0);
        } finally {
            proxy.resume();
        }

        for (String id : triaged) {
            assertThat(awaitAllocated(id).getString("hubId")).isEqualTo("city-south-east");
        }
        await().atMost(PATIENCE).until(() -> "CANCELLED".equals(Fixtures.allocation(cancelled).getString("status")));
        await().atMost(PATIENCE).until(() -> timed("/q/health/ready").statusCode() == 200);
        assertThat(Sql.count(database, "SELECT count(*) FROM visit WHERE referral_id = ?", UUID.fromString(cancelled)))
                .as("the visit refused with a 503 was not recorded").isZero();
        for (String topic : List.of(Topics.ASSESSMENTS_DLQ, Topics.REFERRALS_DLQ)) {
            assertThat(kafka.read(topic, r -> cancelled.equals(r.key()) || triaged.contains(r.key()))).isEmpty();
        }
    }

    /** A health check, which must answer within 2 s whatever the database does. */
    private static ExtractableResponse<Response> timed(String path) {
        Instant asked = Instant.now();
        ExtractableResponse<Response> response = given().when().get(path).then().extract();
        assertThat(Duration.between(asked, Instant.now())).as("%s answered in", path).isLessThan(Duration.ofSeconds(2));
        return response;
    }
}
