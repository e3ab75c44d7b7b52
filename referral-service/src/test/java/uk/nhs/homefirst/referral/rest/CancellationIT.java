package uk.nhs.homefirst.referral.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.referral.support.Concurrently;
import uk.nhs.homefirst.referral.support.Database;
import uk.nhs.homefirst.referral.support.Referrals;

/** POST /api/referrals/{id}/cancellation: announced once on the referrals topic, after the referral itself. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class CancellationIT {

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

    private static String refer(String receivedAt) {
        var referral = receivedAt == null ? valid() : Referrals.with(valid(), "receivedAt", receivedAt);
        return given().contentType("application/json").body(write(referral)).when().post("/api/referrals")
                .then().statusCode(201).extract().path("id");
    }

    private static Response cancel(String id, String body) {
        return given().contentType("application/json").body(body).when().post("/api/referrals/" + id + "/cancellation");
    }

    @Test
    void aCancellationIsStoredShownAndAnnouncedAfterTheReferral() {
        String id = refer(null);
        Instant before = Instant.now().minusSeconds(1);

        JsonPath cancellation = cancel(id, "{\"reason\": \"PATIENT_ADMITTED\"}").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();

        assertThat(cancellation.getString("referralId")).isEqualTo(id);
        assertThat(cancellation.getString("reason")).isEqualTo("PATIENT_ADMITTED");
        Instant cancelledAt = Instant.parse(cancellation.getString("cancelledAt"));
        assertThat(cancelledAt).isAfter(before);
        JsonPath referral = given().get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(referral.getString("status")).isEqualTo("CANCELLED");
        assertThat(referral.getString("cancellation.reason")).isEqualTo("PATIENT_ADMITTED");
        assertThat(referral.getList("timeline.kind")).containsExactly("RECEIVED", "CANCELLED");

        List<ConsumerRecord<String, String>> records = eventually()
                .until(() -> Referrals.onTopic(kafka, id), found -> found.size() >= 2);
        assertThat(records).extracting(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE))
                .containsExactly(ReferralReceived.TYPE, ReferralCancelled.TYPE);
        ReferralCancelled event = Json.read(records.get(1).value(), ReferralCancelled.class);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.reason()).isEqualTo(CancellationReason.PATIENT_ADMITTED);
        assertThat(event.cancelledAt()).isEqualTo(cancelledAt);
        assertThat(Instant.parse(KafkaTestClient.header(records.get(1), CloudEventHeaders.TIME))).isEqualTo(cancelledAt);
    }

    @Test
    void repeatingACancellationGetsTheSameAnswerAndAnnouncesNothingNew() {
        String id = refer(null);
        String body = "{\"reason\": \"OTHER\", \"text\": \"Moved to Wales\"}";

        String first = cancel(id, body).then().statusCode(200).extract().asString();
        String again = cancel(id, body).then().statusCode(200).extract().asString();
        String withoutText = cancel(id, "{\"reason\": \"OTHER\"}").then().statusCode(400).extract().asString();
        String otherReason = cancel(id, "{\"reason\": \"PATIENT_DIED\"}").then().statusCode(409)
                .contentType("application/problem+json").extract().asString();

        assertThat(again).isEqualTo(first);
        assertThat(Json.read(withoutText, JsonNode.class).path("errors").findValuesAsText("field")).containsExactly("text");
        assertThat(Json.read(otherReason, JsonNode.class).path("type").asText())
                .isEqualTo("urn:uk-nhs-homefirst:problem:already-cancelled");
        assertThat(given().get("/api/referrals/" + id).then().extract().jsonPath().getString("cancellation.reason"))
                .as("the first cancellation stands").isEqualTo("OTHER");
        assertThat(new Database(dataSource).outboxRows(id)).isEqualTo(2);
        assertThat(eventually().until(() -> Referrals.onTopic(kafka, id), found -> found.size() >= 2)).hasSize(2);
    }

    @Test
    void tenCancellationsAtOnceAnnounceOne() throws Exception {
        String id = refer(null);

        List<Response> responses = Concurrently.run(10,
                () -> cancel(id, "{\"reason\": \"NO_LONGER_REQUIRED\"}").then().extract().response());

        assertThat(responses).extracting(Response::statusCode).containsOnly(200);
        assertThat(responses.stream().map(Response::asString).distinct()).hasSize(1);
        assertThat(new Database(dataSource).outboxRows(id)).isEqualTo(2);
        assertThat(new Database(dataSource).outboxRows(id, uk.nhs.homefirst.events.Topics.REFERRAL_STATUS))
                .as("one ReferralStatusChanged for its referrer's systems").isEqualTo(1);
    }

    @Test
    void aStatedTimeIsUsedAndMustLieBetweenTheReferralAndNow() {
        Instant receivedAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(receivedAt.toString());

        List<String> fields = Json.read(cancel(id, "{\"reason\": \"PATIENT_DECLINED\", \"cancelledAt\": \""
                + receivedAt.minusSeconds(1) + "\"}").then().statusCode(400).contentType("application/problem+json")
                .extract().asString(), JsonNode.class).path("errors").findValuesAsText("field");
        assertThat(fields).containsExactly("cancelledAt");
        cancel(id, "{\"reason\": \"PATIENT_DECLINED\", \"cancelledAt\": \"" + Instant.now().plusSeconds(3600) + "\"}")
                .then().statusCode(400);
        Instant stated = receivedAt.plus(30, ChronoUnit.MINUTES);
        String cancelledAt = cancel(id, "{\"reason\": \"PATIENT_DECLINED\", \"cancelledAt\": \"" + stated + "\"}")
                .then().statusCode(200).extract().path("cancelledAt");

        assertThat(Instant.parse(cancelledAt)).isEqualTo(stated);
        JsonPath referral = given().get("/api/referrals/" + id).then().extract().jsonPath();
        assertThat(referral.getList("timeline.kind")).containsExactly("RECEIVED", "CANCELLED");
        assertThat(Instant.parse(referral.getString("timeline[1].at"))).isEqualTo(stated);
    }

    @Test
    void anUnknownReferralIs404() {
        cancel(UUID.randomUUID().toString(), "{\"reason\": \"PATIENT_ADMITTED\"}").then().statusCode(404)
                .contentType("application/problem+json");
        cancel("not-a-referral", "{\"reason\": \"PATIENT_ADMITTED\"}").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theFreeTextGoesOnTheTopicButNeverIntoTheLog() {
        String id = refer(null);
        String text = "Mrs Zebedee Quux went to her daughter's " + UUID.randomUUID();
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            cancel(id, Json.write(java.util.Map.of("reason", "OTHER", "text", text))).then().statusCode(200);
            eventually().until(() -> Referrals.onTopic(kafka, id), found -> found.size() >= 2);
        } finally {
            root.removeHandler(capture);
        }

        assertThat(Json.read(Referrals.onTopic(kafka, id).get(1).value(), ReferralCancelled.class).reasonText())
                .isEqualTo(text);
        assertThat(logged).as("log records while cancelling").isNotEmpty()
                .allSatisfy(record -> assertThat(String.valueOf(record.getMessage()) + " "
                        + java.util.Arrays.toString(record.getParameters())).doesNotContain("Zebedee"));
    }
}
