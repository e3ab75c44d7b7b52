package uk.nhs.homefirst.referral.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.events.time.IsoInstantModule;

/** Referral intake against a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class ReferralApiIT {

    private static KafkaTestClient kafka;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static String referral(String receivedAt) {
        return """
                {
                  "source": "GP",
                  "requestedUrgency": "CRISIS",
                  %s
                  "clinicalNeeds": ["FALLS", "FRAILTY_DECOMPENSATION"],
                  "reason": {"text": "Fall at home, unable to get up"},
                  "patient": {
                    "nhsNumber": "943 476 5919", "givenName": "Ada", "familyName": "Lovelace",
                    "dateOfBirth": "1941-03-02", "postcode": "LE11 3TU", "gpPracticeOdsCode": "C82001"
                  },
                  "referrer": {"organisationOdsCode": "C82001", "role": "GP", "name": "Dr A Patel"}
                }
                """.formatted(receivedAt == null ? "" : "\"receivedAt\": \"" + receivedAt + "\",");
    }

    @Test
    void theServicesMapperWritesInstantsThroughIsoInstantAndCallsAccessorsThroughBlackbird() throws Exception {
        // JsonSpeed: what the profile found costly is replaced, and what is written stays the same.
        assertThat(json.getRegisteredModuleIds()).contains("IsoInstantModule",
                BlackbirdModule.class.getName());
        assertThat(json.getSerializerProviderInstance().findValueSerializer(Instant.class).getClass().getName())
                .startsWith(IsoInstantModule.class.getName());
        for (Instant instant : List.of(Instant.parse("2026-12-01T13:00:00Z"), Instant.parse("2026-12-01T13:00:00.120Z"),
                Instant.parse("2026-12-01T13:00:00.123456789Z"), Instant.parse("1969-12-31T23:59:59.999Z"))) {
            assertThat(json.writeValueAsString(instant)).isEqualTo("\"" + instant + "\"");
            assertThat(json.readValue("\"" + instant + "\"", Instant.class)).isEqualTo(instant);
        }
    }

    @Test
    void theLocationNamesTheHostTheReferrerAskedForEachTime() {
        // The base URI is kept per host: a second host must not get the first one's.
        for (String host : List.of("referrals.example.nhs.uk", "localhost:" + RestAssured.port,
                "referrals.example.nhs.uk:8443", "referrals.example.nhs.uk")) {
            String location = given().contentType(ContentType.JSON).header("Host", host).body(referral(null))
                    .when().post("/api/referrals")
                    .then().statusCode(201).extract().header("Location");
            assertThat(location).matches("http://" + Pattern.quote(host) + "/api/referrals/[0-9a-f-]{36}");
        }
    }

    @Test
    void aValidReferralIsStoredReadBackAndAnnouncedAsACloudEvent() {
        Instant stated = Instant.now().minus(Duration.ofMinutes(40)).truncatedTo(ChronoUnit.SECONDS);

        String location = given().contentType(ContentType.JSON).body(referral(stated.toString()))
                .when().post("/api/referrals")
                .then().statusCode(201)
                .body("id", notNullValue())
                .body("status", equalTo("RECEIVED"))
                .body("receivedAt", equalTo(stated.toString()))
                .body("clockStart", equalTo("STATED"))
                .body("patient.nhsNumber", equalTo("9434765919"))
                .body("patient.postcode", equalTo("LE11 3TU"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).isEqualTo("http://localhost:" + RestAssured.port + "/api/referrals/" + id);
        assertThat(UUID.fromString(id).version()).as("a time-ordered id").isEqualTo(7);

        given().when().get("/api/referrals/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("receivedAt", equalTo(stated.toString()))
                .body("clinicalNeeds", hasItems("FALLS", "FRAILTY_DECOMPENSATION"));

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30)).until(
                () -> kafka.read(Topics.REFERRALS, r -> id.equals(r.key())), records -> records.size() == 1).get(0);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo(ReferralReceived.TYPE);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/homefirst/referral-service");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.ID)).isNotBlank();
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.DATA_SCHEMA))
                .isEqualTo("urn:uk-nhs-homefirst:schema:ReferralReceived.v1");
        ReferralReceived event = Json.read(record.value(), ReferralReceived.class);
        assertThat(event.receivedAt()).isEqualTo(stated);
        assertThat(event.statedReceivedAt()).isEqualTo(stated);
        assertThat(event.patient().postcodeDistrict()).isEqualTo("LE11");
        assertThat(event.patient().nhsNumber()).isEqualTo("9434765919");
    }

    @Test
    void theAnswerToANewReferralIsTheReferralAsReadBackWithItsReceivedMilestone() {
        // The answer is built without reading the (empty) timeline of a referral made a moment ago:
        // it must still be what a read gives, field for field, the RECEIVED milestone included.
        Instant stated = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String created = given().contentType(ContentType.JSON).body(referral(stated.toString()))
                .when().post("/api/referrals")
                .then().statusCode(201)
                .body("timeline.size()", equalTo(1))
                .body("timeline[0].kind", equalTo("RECEIVED"))
                .body("timeline[0].at", equalTo(stated.toString()))
                .body("pathway", nullValue())
                .body("hubId", nullValue())
                .body("statusChangedAt", nullValue())
                .body("decline", nullValue())
                .body("firstVisit", nullValue())
                .body("closure", nullValue())
                .extract().asString();
        JsonNode answer = Json.read(created, JsonNode.class);
        assertThat(answer.path("timeline").get(0).size()).as("a RECEIVED item has its kind and time only").isEqualTo(2);

        String read = given().when().get("/api/referrals/" + answer.path("id").asText())
                .then().statusCode(200).extract().asString();
        assertThat(answer).isEqualTo(Json.read(read, JsonNode.class));
        List<String> fields = new ArrayList<>();
        answer.fieldNames().forEachRemaining(fields::add);
        // Where it stands (status, its time, a decline, the first visit, a send-back, the closure) is there from the first answer, null.
        assertThat(fields).containsExactly("id", "status", "statusChangedAt", "receivedAt", "recordedAt", "statedReceivedAt",
                "clockStart", "source", "sourceSystem", "sourceReferralId", "requestedUrgency", "clinicalNeeds", "reason",
                "patient", "referrer", "pathway", "hubId", "decline", "firstVisit", "sentBack", "closure", "cancellation", "discharge",
                "timeline");
    }

    @Test
    void aStatedTimeInTheFutureIsKeptButTheClockStartsNow() {
        Instant future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

        given().contentType(ContentType.JSON).body(referral(future.toString()))
                .when().post("/api/referrals")
                .then().statusCode(201)
                .body("statedReceivedAt", equalTo(future.toString()))
                .body("clockStart", equalTo("RECORDED"))
                .body("receivedAt", not(equalTo(future.toString())));
    }

    @Test
    void anInvalidReferralGetsAProblemNamingEachFieldAndIsNotStored() {
        String body = referral(null).replace("943 476 5919", "9434765918").replace("LE11 3TU", "nowhere");

        JsonNode problem = Json.read(given().contentType(ContentType.JSON).body(body)
                .when().post("/api/referrals")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .extract().asString(), JsonNode.class);

        List<String> fields = problem.get("errors").findValuesAsText("field");
        assertThat(fields).containsExactlyInAnyOrder("patient.nhsNumber", "patient.postcode");
        assertThat(problem.toString()).doesNotContain("9434765918");
    }

    @Test
    void malformedJsonGetsA400Problem() {
        given().contentType(ContentType.JSON).body("{\"source\": \"GP\",")
                .when().post("/api/referrals")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void aFieldOfTheWrongShapeGetsAProblemNamingIt() {
        String body = referral(null).replace("\"source\": \"GP\"", "\"source\": {\"nested\": true}");

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/referrals")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("source"));
    }

    @Test
    void theEventCarriesTheRecordedTimeAsStored() {
        String id = given().contentType(ContentType.JSON).body(referral(null))
                .when().post("/api/referrals")
                .then().statusCode(201).extract().path("id");
        String recordedAt = given().get("/api/referrals/" + id).then().statusCode(200).extract().path("recordedAt");

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30)).until(
                () -> kafka.read(Topics.REFERRALS, r -> id.equals(r.key())), records -> records.size() == 1).get(0);
        assertThat(Json.read(record.value(), ReferralReceived.class).recordedAt()).isEqualTo(Instant.parse(recordedAt));
    }

    @Test
    void anUnknownReferralIs404() {
        given().when().get("/api/referrals/1b4e28ba-2fa1-11d2-883f-0016d3cca427")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/referrals/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // Kafka down must not take the intake out of service: readiness is the database and the outbox's
        // lag; Kafka and the consumers are wellness checks, in /q/health but not in readiness.
        // (Not ready until the FHIR warm-up ends, seconds after start: FhirWarmUp.)
        Referrals.awaitReady();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database", "Outbox relay to Kafka", "FHIR validator"))
                .body("checks.name", not(hasItems("Kafka")))
                .body("checks.find { it.name == 'Outbox relay to Kafka' }.data.backlog", notNullValue());
        given().when().get("/q/health").then().statusCode(200)
                .body("checks.name", hasItems("Database", "Outbox relay to Kafka", "Kafka", "Event consumers"))
                .body("checks.find { it.name == 'Kafka' }.data.nodes", equalTo(1));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("homefirst_outbox_published"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/api/referrals"));
        given().when().get("/schemas/ReferralReceived.v1.json").then().statusCode(200)
                .body(containsString("ReferralReceived"));
    }
}
