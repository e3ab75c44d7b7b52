package uk.nhs.homefirst.triage.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.StallableProxy;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * The database stops answering (every byte held, connections open, as when its process is frozen)
 * while referrals arrive. The consumer waits it out with backoff and carries on by itself once the
 * database is back, with no restart and nothing lost or dead-lettered; meanwhile health says DOWN
 * (the database and the consumer, each its own check) within 2 s of being asked, and a request gets
 * a 503 with Retry-After within 5 s. The stall here is 15 s, longer than every database timeout
 * (the longest, the driver's socket timeout, is 3 s) and than the consumer's longest pause (lowered
 * to 1 s in tests); the chaos suite (deploy/local/chaos) freezes the real server for 60 s.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class DatabaseStallIT extends FixturedIT {

    private static final Duration STALL = Duration.ofSeconds(15);
    @Test
    void theReferralsConsumerWaitsOutADatabaseStallAndCarriesOnByItself() {
        String before = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.received(before, minutesAgo(5), RequestedUrgency.URGENT, ClinicalNeed.FALLS));
        topics.awaitTriaged(before, 1);

        // Ready before (and the HTTP client warmed up, so that its first call's set-up is not timed).
        given().when().get("/q/health/ready").then().statusCode(200);
        StallableProxy database = SharedInfrastructure.databaseProxy();
        List<String> during = new ArrayList<>();
        Instant stalled = Instant.now();
        database.stall();
        try {
            for (int i = 0; i < 5; i++) {
                String id = FakeReferrals.newId();
                during.add(id);
                topics.sendReceived(FakeReferrals.received(id, minutesAgo(5), RequestedUrgency.CRISIS, ClinicalNeed.FALLS));
            }
            // Health tells the truth, fast: not ready, the database and the consumer each DOWN.
            ExtractableResponse<Response> health = eventually().until(() -> timed(Duration.ofSeconds(2), "/q/health/ready"),
                    response -> response.statusCode() == 503
                            && "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Database' }.status"))
                            && "DOWN".equals(response.jsonPath().getString("checks.find { it.name == 'Event consumers' }.status")));
            assertThat(health.jsonPath().getString("checks.find { it.name == 'Event consumers' }.data.triage-service"))
                    .startsWith("retrying since");
            assertThat(timed(Duration.ofSeconds(2), "/q/health/live").statusCode()).isEqualTo(200);

            // A request is refused quickly, to be retried, rather than held.
            Instant asked = Instant.now();
            given().when().get("/api/triage/queue").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));

            eventually().until(() -> Duration.between(stalled, Instant.now()).compareTo(STALL) >= 0);
            assertThat(topics.triaged(during.get(0))).as("nothing triaged while the database was stalled").isEmpty();
        } finally {
            database.resume();
        }

        for (String id : during) {
            assertThat(topics.awaitTriaged(id, 1)).hasSize(1);
        }
        eventually().until(() -> timed(Duration.ofSeconds(2), "/q/health/ready").statusCode() == 200);
        for (String id : during) {
            assertThat(topics.deadLetters(id)).isEmpty();
        }
    }

    /** A health check, which must answer within {@code max} whatever the database does. */
    private static ExtractableResponse<Response> timed(Duration max, String path) {
        Instant asked = Instant.now();
        ExtractableResponse<Response> response = given().when().get(path).then().extract();
        assertThat(Duration.between(asked, Instant.now())).as("%s answered in", path).isLessThan(max);
        return response;
    }
}
