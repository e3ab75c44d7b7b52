package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.ServiceProcess;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * The whole platform: the four services as built jars, each its own process, on one real broker
 * and one real PostgreSQL server, driven only through REST and topics, as GP systems, hub staff
 * and integrators drive it.
 */
class PlatformIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HUB = "charnwood-nwl";

    private static Map<String, ServiceProcess> SERVICES;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startThePlatform() {
        SERVICES = Platform.services();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aReferralWithNoVisitBreachesAVisitAfter90MinutesIsMetAndTheHubShows50Percent() throws Exception {
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

        // A GP system refers two patients in the Charnwood hub's district, stating they rang 3 hours ago.
        String unvisited = Referrals.crisis("9990000018", "Mary", "Shelley", "LE11 3TU", threeHoursAgo);
        String visited = Referrals.crisis("9990000026", "Percy", "Bysshe", "LE11 3TU", threeHoursAgo);

        // Triage and allocation happen on their own; hub staff see both referrals allocated to them.
        for (String referral : List.of(unvisited, visited)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode allocation = get("hub-staff", service("hub-allocation-service") + "/api/allocations/" + referral);
                assertThat(allocation.path("hubId").asText()).isEqualTo(HUB);
                assertThat(allocation.path("standard").asText()).isEqualTo("TWO_HOUR");
            });
        }

        // Triage routed both to the County and Rutland LDU (LE11, Loughborough): its clinician reads their
        // cases, and the referral's detail from referral-service once it has the decision too. The rules
        // decided both (a crisis), so neither waits on the LDU's review queue.
        for (String referral : List.of(unvisited, visited)) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    get("ldu-clinician", service("triage-service") + "/api/triage/" + referral).path("ldu").asText())
                    .isEqualTo("county-and-rutland"));
        }
        assertThat(get("ldu-clinician", service("triage-service") + "/api/triage/queue?size=200").findValuesAsText("referralId"))
                .doesNotContain(unvisited, visited);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("ldu-clinician",
                service("referral-service") + "/api/referrals/" + unvisited).path("patient").path("familyName").asText())
                .isEqualTo("Shelley"));

        // The hub's staff read the referral's detail, with the patient's name, by a token of their hub,
        // once referral-service has the allocation too.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("hub-staff",
                service("referral-service") + "/api/referrals/" + visited).path("patient").path("familyName").asText())
                .isEqualTo("Bysshe"));

        // A nurse records the visit to the second patient: 90 minutes after the call.
        HttpResponse<String> visit = post("hub-staff", service("hub-allocation-service") + "/api/visits", """
                {"referralId": "%s", "visitedAt": "%s", "outcome": "ATTENDED", "contactType": "IN_PERSON",
                 "staffRole": "NURSE"}
                """.formatted(visited, threeHoursAgo.plus(Duration.ofMinutes(90))));
        assertThat(visit.statusCode()).as(visit.body()).isEqualTo(201);

        // Ops staff see the hub's 2-hour figure: one breach, one met, 50%.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode day = window(get("ops", service("target-monitor-service") + "/api/targets/" + HUB), "TWO_HOUR", "24h");
            assertThat(day.path("met").asInt()).isEqualTo(1);
            assertThat(day.path("breached").asInt()).isEqualTo(1);
            assertThat(day.path("pending").asInt()).isZero();
            assertThat(day.path("percentage").decimalValue()).isEqualByComparingTo("50.0");
        });

        // An integrator reads every step on the topics, as CloudEvents keyed by referral id.
        assertEvents(Topics.REFERRALS, ReferralReceived.TYPE, unvisited, visited);
        assertEvents(Topics.ASSESSMENTS, ReferralTriaged.TYPE, unvisited, visited);
        assertEvents(Topics.ALLOCATIONS, ReferralAllocated.TYPE, unvisited, visited);
        assertEvents(Topics.VISITS, VisitRecorded.TYPE, visited);
    }

    @Test
    void patientIdentifiersStayOnTheReferralsTopicAndOutOfEveryLog() throws Exception {
        String id = Referrals.crisis("9990000034", "Ottoline", "Morrell", "LE11 3TU", Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                !kafka.read(Topics.ALLOCATIONS, r -> id.equals(r.key())).isEmpty());

        List<String> identifiers = List.of("9990000034", "Ottoline", "Morrell", "1950-05-17", "LE11 3TU");
        // referral-status too: the referrer's systems read it, and only its referrals' Task shows the patient.
        await().atMost(Duration.ofSeconds(60)).until(() ->
                !kafka.read(Topics.REFERRAL_STATUS, r -> id.equals(r.key())).isEmpty());
        for (String topic : List.of(Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS, Topics.TARGET_ALERTS,
                Topics.REFERRAL_STATUS, Topics.RESPONSE_CLOCKS, "target-monitor.board", "target-monitor.alert-list", "target-monitor.late-events")) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                assertThat(record.value()).as("a record on %s", topic).doesNotContain(identifiers);
            }
        }
        assertThat(kafka.read(Topics.REFERRALS, r -> id.equals(r.key()))).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("9990000034"));
        for (ServiceProcess service : SERVICES.values()) {
            assertThat(Files.readString(service.log())).as("the log of %s", service.name())
                    .doesNotContain(identifiers);
        }
    }

    @Test
    void withoutATokenOrOutsideItsScopeNobodyReadsAReferral() throws Exception {
        String id = Referrals.crisis("9990000042", "Vanessa", "Bell", "LE11 3TU", Instant.now().minusSeconds(60));
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create(service("referral-service") + "/api/referrals/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("Vanessa", "9990000042");

        HttpResponse<String> ops = HTTP.send(HttpRequest.newBuilder(URI.create(service("referral-service") + "/api/referrals/" + id))
                .header("Authorization", "Bearer " + Platform.token("ops")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ops.statusCode()).isEqualTo(403);
        assertThat(ops.body()).doesNotContain("Vanessa", "9990000042");

        HttpResponse<String> otherPractice = HTTP.send(HttpRequest.newBuilder(
                URI.create(service("referral-service") + "/api/referrals?referrerOdsCode=C82002"))
                .header("Authorization", "Bearer " + Platform.token("referrer")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(otherPractice.statusCode()).isEqualTo(403);
    }

    private static void assertEvents(String topic, String type, String... referralIds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String referralId : referralIds) {
                assertThat(kafka.read(topic, r -> referralId.equals(r.key()))).as("%s of %s", topic, referralId)
                        .singleElement().satisfies(record -> {
                            assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo(type);
                            assertThat(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(referralId);
                            assertThat(KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
                        });
            }
        });
    }

    private static JsonNode window(JsonNode hub, String standard, String window) {
        for (JsonNode s : hub.path("standards")) {
            if (s.path("standard").asText().equals(standard)) {
                for (JsonNode w : s.path("windows")) {
                    if (w.path("window").asText().equals(window)) {
                        return w;
                    }
                }
            }
        }
        throw new AssertionError("no " + standard + " " + window + " in " + hub);
    }

    private static String service(String name) {
        return SERVICES.get(name).baseUrl();
    }

    private static JsonNode get(String role, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + Platform.token(role)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return Json.read(response.body(), JsonNode.class);
    }

    private static HttpResponse<String> post(String role, String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Platform.token(role))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
