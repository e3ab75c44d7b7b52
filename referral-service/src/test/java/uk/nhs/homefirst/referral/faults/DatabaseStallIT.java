package uk.nhs.homefirst.referral.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.uniqueToken;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.with;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.StallableProxy;
import uk.nhs.homefirst.referral.support.Database;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * The database stops answering (every byte held, connections open, as when its process is frozen)
 * while triage decisions, allocations and visits arrive. The three consumers wait it out with
 * backoff and carry on by themselves once it is back, with no restart and nothing lost; meanwhile
 * the service is not ready (it cannot take a referral without its database), its health answers
 * within 2 s, and a referral posted gets a 503 with Retry-After within 5 s and is not stored. The
 * stall is 15 s, longer than every database timeout (the longest, the driver's socket timeout, is
 * 3 s) and the consumers' longest pause (lowered to 1 s in tests).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class DatabaseStallIT {

    private static final Duration STALL = Duration.ofSeconds(15);
    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        Referrals.actAsTheReferrer();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void theStatusConsumersWaitOutADatabaseStallAndIntakeAnswers503Meanwhile() {
        Instant received = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);
        send(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(), 1,
                received.plusSeconds(60), received, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules",
                "CRISIS_REQUESTED", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"));
        awaitStatus(id, "TRIAGED");

        // Ready before, the FHIR warm-up over (and the HTTP client warmed up, so that its first call's
        // set-up is not timed).
        Referrals.awaitReady();
        StallableProxy database = SharedInfrastructure.databaseProxy();
        String sourceReferralId = "STALL-" + uniqueToken();
        Instant stalled = Instant.now();
        database.stall();
        try {
            send(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id, UUID.randomUUID().toString(), 1,
                    "charnwood-nwl", received.plusSeconds(120), AllocationMethod.POSTCODE_DISTRICT,
                    Pathway.URGENT_CRISIS_RESPONSE));
            send(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id,
                    "charnwood-nwl", received.plusSeconds(3600), received.plusSeconds(3660), VisitOutcome.ATTENDED));

            // Not ready without its database; the consumers' stall shows in /q/health, within 2 s.
            eventually().until(() -> timed("/q/health/ready"), response -> response.statusCode() == 503
                    && "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Database' }.status")));
            ExtractableResponse<Response> health = eventually().until(() -> timed("/q/health"),
                    response -> "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Event consumers' }.status")));
            assertThat(health.jsonPath().getMap("checks.find { it.name == 'Event consumers' }.data").keySet())
                    .anySatisfy(consumer -> assertThat(consumer.toString()).startsWith("referral-service/"));

            Instant asked = Instant.now();
            var referral = with(with(valid(), "sourceSystem", "EMIS-WEB"), "sourceReferralId", sourceReferralId);
            given().contentType("application/json").body(Json.write(referral)).when().post("/api/referrals")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));

            eventually().until(() -> Duration.between(stalled, Instant.now()).compareTo(STALL) >= 0);
        } finally {
            database.resume();
        }

        assertThat(awaitStatus(id, "VISITED")).isEqualTo("VISITED");
        eventually().until(() -> timed("/q/health/ready").statusCode() == 200);
        eventually().until(() -> "UP".equals(timed("/q/health").jsonPath()
                .getString("checks.find { it.name == 'Event consumers' }.status")));
        assertThat(new Database(dataSource).count("SELECT count(*) FROM referral WHERE source_referral_id = ?",
                sourceReferralId)).as("the referral refused with a 503 was not stored").isZero();
        for (String topic : List.of(Topics.ALLOCATIONS_DLQ, Topics.VISITS_DLQ)) {
            assertThat(kafka.read(topic, r -> id.equals(r.key()))).isEmpty();
        }
    }

    private static String refer(Instant receivedAt) {
        return given().contentType("application/json").body(Json.write(with(valid(), "receivedAt", receivedAt.toString())))
                .when().post("/api/referrals").then().statusCode(201).extract().path("id");
    }

    private static void send(String topic, String key, String type, Object event) {
        kafka.sendEvent(topic, key, type, event);
    }

    private static String awaitStatus(String id, String status) {
        return eventually().until(() -> given().get("/api/referrals/" + id).then().extract(),
                response -> response.statusCode() == 200 && status.equals(response.path("status"))).path("status");
    }

    /** A health check, which must answer within 2 s whatever the database does. */
    private static ExtractableResponse<Response> timed(String path) {
        Instant asked = Instant.now();
        ExtractableResponse<Response> response = given().when().get(path).then().extract();
        assertThat(Duration.between(asked, Instant.now())).as("%s answered in", path).isLessThan(Duration.ofSeconds(2));
        return response;
    }
}
