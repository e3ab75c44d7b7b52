package uk.nhs.homefirst.referral.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.KafkaBroker;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.referral.support.Database;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.referral.support.TestClock;

/**
 * The outbox at work: Kafka down, the intake carries on and stays ready, and the cleanup keeps every
 * event not sent; Kafka back, every event arrives once, each referral's in order; and published rows
 * are cleaned up on a schedule.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class OutboxResilienceIT {

    static final String OUTBOX_CHECK = "checks.find { it.name == 'Outbox relay to Kafka' }";
    static final String KAFKA_CHECK = "checks.find { it.name == 'Kafka' }";
    private static KafkaTestClient kafka;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestClock clock;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @AfterEach
    void restartTheClock() {
        clock.reset();
    }

    static String refer() {
        return given().contentType("application/json").body(write(valid())).when().post("/api/referrals")
                .then().statusCode(201).extract().path("id");
    }

    static void cancel(String id) {
        given().contentType("application/json").body("{\"reason\": \"NO_LONGER_REQUIRED\"}")
                .when().post("/api/referrals/" + id + "/cancellation").then().statusCode(200);
    }

    static JsonPath readiness(int status) {
        return given().when().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void whileKafkaIsDownReferralsAreAcceptedAndOnceItIsBackEachEventArrivesOnceInOrder() {
        KafkaBroker broker = SharedInfrastructure.kafkaBroker().orElse(null);
        Assumptions.assumeTrue(broker != null, "stops the in-JVM test broker; an external one is not stopped");
        String before = refer();
        eventually().until(() -> Referrals.onTopic(kafka, before), records -> records.size() == 1);

        List<String> referrals = new ArrayList<>();
        List<String> cancelled = new ArrayList<>();
        broker.stop();
        try {
            for (int i = 0; i < 12; i++) {
                String id = refer();
                referrals.add(id);
                if (i % 2 == 0) {
                    cancel(id);
                    cancelled.add(id);
                }
            }

            // Kafka shows DOWN in /q/health, and the instance stays ready: the outbox keeps what it accepts.
            eventually().until(() -> given().when().get("/q/health").then().extract().jsonPath(),
                    health -> "DOWN".equals(health.getString(KAFKA_CHECK + ".status")));
            JsonPath ready = eventually().until(() -> readiness(200),
                    health -> health.getLong(OUTBOX_CHECK + ".data.backlog") >= 18);
            assertThat(ready.getString("status")).isEqualTo("UP");

            // Only an outbox that has not moved for longer than the limit takes the instance out of service.
            clock.moveAhead(Duration.ofMinutes(6));
            JsonPath stale = eventually().until(() -> given().when().get("/q/health/ready").then().extract(),
                    response -> response.statusCode() == 503).jsonPath();
            assertThat(stale.getString(OUTBOX_CHECK + ".status")).isEqualTo("DOWN");
            assertThat(stale.getLong(OUTBOX_CHECK + ".data.oldestUnpublishedAgeSeconds")).isGreaterThan(300);

            // Past the retention, the cleanup deletes the published row of the referral sent before,
            // and keeps every row Kafka has not acknowledged, however old.
            Database db = new Database(dataSource);
            assertThat(db.outboxRows(before)).isEqualTo(1);
            clock.moveAhead(Duration.ofHours(2));
            eventually().until(() -> db.outboxRows(before) == 0);
            for (String id : referrals) {
                long events = cancelled.contains(id) ? 2 : 1;
                assertThat(db.outboxRows(id)).as(id).isEqualTo(events);
                assertThat(db.unpublishedEvents(id)).as(id).isEqualTo(events);
            }
            clock.reset();
            eventually().until(() -> given().when().get("/q/health/ready").then().extract().statusCode() == 200);
        } finally {
            broker.start();
        }

        List<ConsumerRecord<String, String>> records = eventually().until(
                () -> kafka.read(Topics.REFERRALS, r -> referrals.contains(r.key())),
                found -> found.size() >= referrals.size() + cancelled.size());
        assertThat(records).hasSize(referrals.size() + cancelled.size());
        List<String> eventIds = records.stream().map(r -> KafkaTestClient.header(r, CloudEventHeaders.ID)).toList();
        assertThat(eventIds).doesNotHaveDuplicates();
        Map<String, List<String>> typesByReferral = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE), Collectors.toList())));
        for (String id : referrals) {
            assertThat(typesByReferral.get(id)).as(id).containsExactlyElementsOf(cancelled.contains(id)
                    ? List.of(ReferralReceived.TYPE, ReferralCancelled.TYPE) : List.of(ReferralReceived.TYPE));
        }
        JsonPath recovered = eventually().until(() -> given().when().get("/q/health").then().extract().jsonPath(),
                health -> "UP".equals(health.getString(KAFKA_CHECK + ".status"))
                        && health.getLong(OUTBOX_CHECK + ".data.backlog") == 0);
        assertThat(recovered.getString(OUTBOX_CHECK + ".status")).isEqualTo("UP");
    }

    @Test
    void publishedRowsAreDeletedOnAScheduleOnceTheRetentionHasPassed() {
        Database db = new Database(dataSource);
        String id = refer();
        eventually().until(() -> db.unpublishedEvents(id) == 0);
        assertThat(db.outboxRows(id)).isEqualTo(1);
        // Within the retention (1 hour), the row stays.
        clock.moveAhead(Duration.ofMinutes(50));
        eventually().during(Duration.ofSeconds(3)).until(() -> db.outboxRows(id) == 1);

        clock.moveAhead(Duration.ofMinutes(65));

        eventually().until(() -> db.outboxRows(id) == 0);
        assertThat(Referrals.onTopic(kafka, id)).hasSize(1);
    }
}
