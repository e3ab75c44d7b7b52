package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.TestPatients;
import uk.nhs.homefirst.harness.identity.DemoUser;

/**
 * A visit voided through REST reopens its referral's response clock on the monitor, or breaches it
 * when the deadline has passed; a retry of the hub system records one visit. The four services as
 * built jars, on the shared broker and PostgreSQL. Its referrals live in Wigston (LE18), the South
 * Leicestershire hub's, so that the figures other tests check of their hubs stay as they are.
 */
class VisitVoidIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HUB = "south-leicestershire";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static String staff;

    @BeforeAll
    static void startThePlatform() {
        Platform.services();
        staff = Platform.token(new DemoUser("hub-staff", List.of(), List.of(HUB), null));
    }

    @Test
    void voidingTheVisitThatStoppedAClockReopensItBeforeItsDeadlineAndBreachesItAfter() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String reopens = Referrals.crisis(TestPatients.nhsNumber(), "Harriet", "Smith", "LE18 4AA",
                now.minus(Duration.ofMinutes(30)));
        String breaches = Referrals.crisis(TestPatients.nhsNumber(), "Jane", "Fairfax", "LE18 4AA",
                now.minus(Duration.ofHours(3)));
        for (String referral : List.of(reopens, breaches)) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(Json.field(get(Platform.baseUrl(
                    "hub-allocation-service") + "/api/allocations/" + referral, staff), "hubId")).isEqualTo(HUB));
        }

        // Attended in person, each within its 2 hours; the hub's system sends the first twice.
        String key = UUID.randomUUID().toString();
        String first = recordVisit(reopens, now.minus(Duration.ofMinutes(20)), key);
        assertThat(recordVisit(reopens, now.minus(Duration.ofMinutes(20)), key)).isEqualTo(first);
        String second = recordVisit(breaches, now.minus(Duration.ofMinutes(100)), null);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(clocks("MET")).contains(reopens, breaches);
            assertThat(clocks("PENDING") + clocks("BREACHED")).doesNotContain(reopens, breaches);
        });
        assertThat(get(Platform.baseUrl("hub-allocation-service") + "/api/allocations/" + reopens, staff)
                .split("\"visitId\"", -1)).as("one visit, though sent twice").hasSize(2);

        // Both were recorded in error: voided, with a reason.
        for (String visit : List.of(first, second)) {
            HttpResponse<String> voided = post(Platform.baseUrl("hub-allocation-service") + "/api/visits/" + visit
                    + "/void", "{\"reason\": \"ENTERED_IN_ERROR\"}", null);
            assertThat(voided.statusCode()).as(voided.body()).isEqualTo(200);
        }

        // The monitor judges the clocks again from the visit times: one reopens (its deadline is
        // an hour and a half ahead), the other is breached (its deadline passed an hour ago).
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(clocks("PENDING")).contains(reopens).doesNotContain(breaches);
            assertThat(clocks("BREACHED")).contains(breaches).doesNotContain(reopens);
            assertThat(clocks("MET")).doesNotContain(reopens, breaches);
        });
    }

    /** The visit's id. */
    private static String recordVisit(String referral, Instant visitedAt, String idempotencyKey) throws Exception {
        HttpResponse<String> response = post(Platform.baseUrl("hub-allocation-service") + "/api/visits", """
                {"referralId": "%s", "visitedAt": "%s", "outcome": "ATTENDED", "contactType": "IN_PERSON",
                 "staffRole": "NURSE"}
                """.formatted(referral, visitedAt), idempotencyKey);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.field(response.body(), "visitId");
    }

    /** The 2-hour clocks of the hub's last 24 hours with this status, as ops read them. */
    private static String clocks(String status) throws Exception {
        return get(Platform.baseUrl("target-monitor-service") + "/api/clocks?hub=" + HUB
                + "&standard=TWO_HOUR&window=24h&status=" + status, Platform.token("ops"));
    }

    private static String get(String url, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> post(String url, String json, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + staff).POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reading a field of a JSON answer. */
    private static final class Json {
        static String field(String json, String name) throws Exception {
            return uk.nhs.homefirst.harness.Json.read(json, com.fasterxml.jackson.databind.JsonNode.class).path(name)
                    .asText();
        }
    }
}
