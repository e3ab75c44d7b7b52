package uk.nhs.homefirst.monitor.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static uk.nhs.homefirst.monitor.rest.AsOps.asOps;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.TargetAlertRaised;
import uk.nhs.homefirst.events.TargetAlertResolved;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.TestTokens;

/** Alerts on transitions, warnings once per clock, the alert stream and the gauges, on the real broker. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class AlertsIT {

    private static KafkaTestClient kafka;

    @TestHTTPResource("/api/alerts/stream")
    URL stream;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String referral(String hub, Instant receivedAt, Instant attendedAt) {
        String id = triaged(receivedAt);
        allocate(id, hub, receivedAt);
        if (attendedAt != null) {
            kafka.sendEvent(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id,
                    hub, attendedAt, Instant.now(), VisitOutcome.ATTENDED));
        }
        return id;
    }

    /** A crisis referral triaged onto the 2-hour standard, not allocated yet; returns its id. */
    private static String triaged(Instant receivedAt) {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id,
                UUID.randomUUID().toString(), 1, receivedAt.plusSeconds(30), receivedAt, Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "rules", "TEST", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"));
        return id;
    }

    private static void allocate(String id, String hub, Instant receivedAt) {
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, hub, receivedAt.plusSeconds(60), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE));
    }

    /** The warnings about one referral announced to one hub (the event's key). */
    private static List<ConsumerRecord<String, String>> warnings(String hub, String referral) {
        return alerts(hub, ResponseAtRisk.TYPE).stream()
                .filter(record -> referral.equals(Json.read(record.value(), ResponseAtRisk.class).referralId())).toList();
    }

    private static List<ConsumerRecord<String, String>> alerts(String hub, String type) {
        return kafka.read(Topics.TARGET_ALERTS,
                r -> hub.equals(r.key()) && type.equals(KafkaTestClient.header(r, CloudEventHeaders.TYPE)));
    }

    @Test
    void anAlertIsRaisedOnceWhenTheHubFallsBelowAndResolvedOnceWhenItRecovers() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String hub = "hub-" + UUID.randomUUID();
        List<String> streamed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> listening = listen(streamed);
        await().atMost(Duration.ofSeconds(10)).until(() -> streamed.contains(": connected"));

        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            referral(hub, threeHoursAgo, null);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alerts(hub, TargetAlertRaised.TYPE))
                .singleElement().satisfies(record -> {
                    TargetAlertRaised raised = Json.read(record.value(), TargetAlertRaised.class);
                    assertThat(raised.standard()).isEqualTo(ResponseStandard.TWO_HOUR);
                    assertThat(raised.window()).isEqualTo("24h");
                    assertThat(raised.breached()).isEqualTo(3);
                    assertThat(raised.percentage()).isEqualByComparingTo("0.0");
                    assertThat(raised.threshold()).isEqualByComparingTo("70");
                }));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamed)
                .anySatisfy(line -> assertThat(line).matches("event: ?TargetAlertRaised"))
                .anySatisfy(line -> assertThat(line).matches("data: ?\\{.*").contains(hub)));
        asOps().get("/api/alerts").then().statusCode(200).body(containsString(hub));

        // 9 met of 12 is 75%: the threshold plus the hysteresis margin.
        for (int i = 0; i < 9; i++) {
            referral(hub, threeHoursAgo, threeHoursAgo.plus(Duration.ofMinutes(60)));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(alerts(hub, TargetAlertResolved.TYPE))
                .singleElement().satisfies(record -> {
                    TargetAlertResolved resolved = Json.read(record.value(), TargetAlertResolved.class);
                    assertThat(resolved.percentage()).isEqualByComparingTo("75.0");
                    assertThat(resolved.met()).isEqualTo(9);
                }));
        // Some more ticks: still one raised and one resolved.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(alerts(hub, TargetAlertRaised.TYPE)).hasSize(1);
            assertThat(alerts(hub, TargetAlertResolved.TYPE)).hasSize(1);
        });
        listening.cancel(true);
    }

    @Test
    void aClockAtRiskIsAnnouncedOnce() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String hub = "hub-" + UUID.randomUUID();
        // 100 minutes into a 2-hour clock: 20 minutes left, less than the 30-minute margin.
        String referral = referral(hub, Instant.now().minus(Duration.ofMinutes(100)), null);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(alerts(hub, ResponseAtRisk.TYPE))
                .singleElement().satisfies(record -> {
                    ResponseAtRisk warning = Json.read(record.value(), ResponseAtRisk.class);
                    assertThat(warning.referralId()).isEqualTo(referral);
                    assertThat(warning.timeLeft()).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(20));
                }));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(alerts(hub, ResponseAtRisk.TYPE)).hasSize(1));
        asOps().get("/api/alerts").then().statusCode(200).body(containsString(referral));
        asOps().get("/api/targets/" + hub).then().statusCode(200).body(containsString(referral));
    }

    @Test
    void aClockAtRiskWhileUnallocatedIsAnnouncedAgainToTheHubItIsAllocatedTo() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String hub = "hub-" + UUID.randomUUID();
        Instant receivedAt = Instant.now().minus(Duration.ofMinutes(100));
        String referral = triaged(receivedAt);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(warnings("UNALLOCATED", referral)).hasSize(1));

        allocate(referral, hub, receivedAt);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(warnings(hub, referral)).singleElement()
                .satisfies(record -> assertThat(Json.read(record.value(), ResponseAtRisk.class).hubId()).isEqualTo(hub)));
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(warnings(hub, referral)).hasSize(1);
            assertThat(warnings("UNALLOCATED", referral)).hasSize(1);
        });
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdIsSentWhatItMissedFirst() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        String hub = "hub-" + UUID.randomUUID();
        List<String> before = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> listening = listen(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> before.contains(": connected"));
        String seen = referral(hub, Instant.now().minus(Duration.ofMinutes(100)), null);
        // Its warning to the hub is the last event about it (one to UNALLOCATED may come first).
        await().atMost(Duration.ofSeconds(30)).until(() -> idOf(before, "\"hubId\":\"" + hub) != null);
        String lastEventId = lastId(before);
        listening.cancel(true);

        String missed = referral(hub, Instant.now().minus(Duration.ofMinutes(100)), null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(warnings(hub, missed)).hasSize(1));
        List<String> after = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> resumed = listen(after, lastEventId);

        await().atMost(Duration.ofSeconds(30)).until(() -> idOf(after, missed) != null);
        assertThat(idOf(after, seen)).as("what the client had seen is not sent again").isNull();
        resumed.cancel(true);
    }

    @Test
    void aStreamEndsWhenTheTokenThatOpenedItExpiresAndTheClientReconnectsWithANewOne() {
        List<String> shortLived = new CopyOnWriteArrayList<>();
        List<String> longLived = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> expiring = listen(shortLived, null,
                TestTokens.Spec.of("ops").expiresAt(Instant.now().plusSeconds(5)).token());
        CompletableFuture<Void> lasting = listen(longLived, null, AsOps.token());
        await().atMost(Duration.ofSeconds(10)).until(() -> shortLived.contains(": connected") && longLived.contains(": connected"));

        await().atMost(Duration.ofSeconds(20)).until(expiring::isDone);
        assertThat(expiring).as("ended, not failed").isCompleted();
        assertThat(lasting).as("a stream whose token is still valid goes on").isNotDone();
        lasting.cancel(true);

        List<String> again = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> refused = listen(again, null, TestTokens.Spec.of("ops")
                .expiresAt(Instant.now().minus(Duration.ofMinutes(5))).token());
        await().atMost(Duration.ofSeconds(10)).until(refused::isDone);
        assertThat(again).contains(": answered 401");
    }

    private static String lastId(List<String> lines) {
        String id = null;
        for (String line : lines) {
            if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            }
        }
        return id;
    }

    /** The id of the first event whose data contains {@code text}, in the lines of a stream; null when there is none. */
    private static String idOf(List<String> lines, String text) {
        String id = null;
        for (String line : lines) {
            if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("data:") && line.contains(text)) {
                return id;
            } else if (line.isEmpty()) {
                id = null;
            }
        }
        return null;
    }

    @Test
    void theFiguresAreExportedAsBoundedGauges() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("homefirst_target_percentage{hub=\"charnwood-nwl\",standard=\"TWO_HOUR\",window=\"24h\"}"))
                .body(containsString("homefirst_target_pending{hub=\"UNALLOCATED\",standard=\"TWO_DAY\"}"))
                .body(containsString("homefirst_referrals_awaiting_triage")));
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).doesNotContain("hub=\"hub-");
    }

    @Test
    void theStandardsAndTheOpsDashboardAreServed() {
        asOps().get("/api/standards").then().statusCode(200)
                .body("find { it.standard == 'TWO_HOUR' }.alertThreshold", org.hamcrest.Matchers.equalTo(70))
                .body("find { it.standard == 'TWO_DAY' }.duration", org.hamcrest.Matchers.equalTo("PT48H"));
        asOps().get("/").then().statusCode(200).body(containsString("Home First: response targets by hub"))
                .body(containsString("/dashboard.js"));
        asOps().get("/dashboard.js").then().statusCode(200).body(containsString("/api/alerts/stream"));
    }

    private CompletableFuture<Void> listen(List<String> lines) {
        return listen(lines, null);
    }

    private CompletableFuture<Void> listen(List<String> lines, String lastEventId) {
        return listen(lines, lastEventId, AsOps.token());
    }

    /** Reads the stream as a client with that token; ": connected" once it answered 200. */
    private CompletableFuture<Void> listen(List<String> lines, String lastEventId, String token) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(stream.toString()))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            builder.header("Last-Event-ID", lastEventId);
        }
        HttpRequest request = builder.build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            lines.add(response.statusCode() == 200 ? ": connected" : ": answered " + response.statusCode());
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            }
        });
    }
}
