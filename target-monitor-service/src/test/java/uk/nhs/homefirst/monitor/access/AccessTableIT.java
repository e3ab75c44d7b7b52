package uk.nhs.homefirst.monitor.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.AccessCase;
import uk.nhs.homefirst.harness.access.AccessTableTests;
import uk.nhs.homefirst.harness.access.TestTokens;

/**
 * The access table of the README, run: every endpoint, every role, with a good token, with none,
 * with bad ones, and scoped elsewhere; then what the table cannot say: deny by default, and the
 * dashboard, which signs people in rather than answering 401. Quarkus's OIDC test server (for
 * every test of this module) serves the keys the tokens are checked against.
 */
@QuarkusTest
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
class AccessTableIT {

    static final AccessCase.Scope SCOPE = new AccessCase.Scope("C82001", "charnwood-nwl", "county-and-rutland",
            "C82999", "city-north-west", "city");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static KafkaTestClient kafka;
    private static String alertId;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** What a request got: enough to judge it, the body only when it is not a stream. */
    record Answer(int status, String contentType, Optional<String> challenge, Optional<String> location,
            Optional<String> cacheControl, String body) {

        AccessTableTests.Answer judged() {
            return new AccessTableTests.Answer(status, contentType, body, challenge);
        }
    }

    /** How each endpoint of the table is called. */
    static final Map<String, Supplier<String>> REQUESTS = Map.ofEntries(
            Map.entry("GET /api/targets", () -> "/api/targets"),
            Map.entry("GET /api/targets/{hubId}", () -> "/api/targets/" + SCOPE.hub()),
            Map.entry("GET /api/clocks", () -> "/api/clocks?hub=" + SCOPE.hub() + "&standard=TWO_HOUR&window=24h&status=BREACHED"),
            Map.entry("GET /api/clocks/at-risk", () -> "/api/clocks/at-risk"),
            Map.entry("GET /api/clocks/awaiting-discharge", () -> "/api/clocks/awaiting-discharge"),
            Map.entry("GET /api/figures", () -> "/api/figures?period=DAY"),
            Map.entry("GET /api/figures/csv", () -> "/api/figures/csv?period=MONTH"),
            Map.entry("GET /api/alerts", () -> "/api/alerts"),
            Map.entry("GET /api/alerts/{alertId}", () -> "/api/alerts/" + alertId),
            Map.entry("GET /api/alerts/stream", () -> "/api/alerts/stream"),
            Map.entry("GET /api/hubs", () -> "/api/hubs"),
            Map.entry("GET /api/standards", () -> "/api/standards"));

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryRoleAndEveryTokenAsTheTableSays() {
        ready();
        alertId = anAlert();
        return AccessTableTests.run(Path.of("README.md"), SCOPE, REQUESTS.keySet(), c -> {
            Answer answer = get(REQUESTS.get(c.row().endpoint()).get(), c.token());
            if (c.expected() == 403) {
                assertThat(answer.body()).as(c.toString()).contains("ops, admin");
            }
            return answer.judged();
        });
    }

    @Test
    void aRestMethodNobodyWroteARuleForAndAPathNobodyListedAreRefusedEvenToAdmin() {
        AccessTableTests.assertDeniedByDefault((path, token) -> get(path, token).judged());
    }

    @Test
    void thePlatformsAuditTrailEndpointIsNotServedHereForTheMonitorKeepsNoPatientData() {
        Answer openApi = get("/q/openapi?format=json", Optional.empty());
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/targets").doesNotContain("/api/audit");
    }

    @Test
    void theDashboardSendsABrowserToSignInAndServesOpsAndAdminOnly() {
        // A browser without a session is sent to the identity provider's sign-in, as the dashboard's client, with PKCE.
        Answer anonymous = get("/", Optional.empty());
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.location()).hasValueSatisfying(location -> assertThat(location)
                .contains("/realms/quarkus").contains("client_id=home-first-dashboard")
                .contains("response_type=code").contains("code_challenge_method=S256"));
        // A script or system without a token is not: it gets 401, whatever the path.
        Answer script = get("/api/targets", Optional.empty());
        assertThat(script.status()).isEqualTo(401);
        assertThat(script.location()).isEmpty();

        Answer ops = get("/", Optional.of(TestTokens.of("ops")));
        assertThat(ops.status()).isEqualTo(200);
        assertThat(ops.body()).contains("Home First: response targets by hub", "/logout");
        // Never kept by the browser: a kept page would open without the sign-in, its calls refused.
        assertThat(ops.cacheControl()).hasValue("no-store");
        assertThat(get("/index.html", Optional.of(TestTokens.of("admin"))).status()).isEqualTo(200);
        Answer hubStaff = get("/", Optional.of(TestTokens.hubStaff(SCOPE.hub())));
        assertThat(hubStaff.status()).isEqualTo(403);
        assertThat(hubStaff.contentType()).startsWith("application/problem+json");
        // The page's own script is the page's: behind the sign-in. The design system's files and the chart
        // library are published code with no data, served by the monitor itself (no CDN) to anyone.
        assertThat(get("/dashboard.js", Optional.empty()).status()).isEqualTo(302);
        assertThat(get("/dashboard.js", Optional.of(TestTokens.of("ops"))).status()).isEqualTo(200);
        assertThat(get("/dashboard.js", Optional.of(TestTokens.hubStaff(SCOPE.hub()))).status()).isEqualTo(403);
        for (String asset : List.of("/nhsuk-frontend/nhsuk-frontend.min.css", "/nhsuk-frontend/nhsuk-frontend.min.js",
                "/nhsuk-frontend/assets/images/favicon.ico", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
            assertThat(get(asset, Optional.empty()).status()).as(asset).isEqualTo(200);
        }
        // Where the sign-out lands needs no session: it has just ended.
        Answer signedOut = get("/signed-out.html", Optional.empty());
        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(signedOut.cacheControl()).hasValue("no-store");
    }

    private static void ready() {
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/q/health/ready", Optional.empty()).status() == 200);
    }

    /** Three clocks breached at a hub of their own: its 2-hour figure falls below the threshold, an alert. */
    private static String anAlert() {
        String hub = "hub-" + UUID.randomUUID();
        Instant threeHoursAgo = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id,
                    UUID.randomUUID().toString(), 1, threeHoursAgo.plusSeconds(30), threeHoursAgo,
                    Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "rules", "TEST", ReferralSource.GP,
                    RequestedUrgency.CRISIS, "LE11", "C82001"));
            kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                    UUID.randomUUID().toString(), 1, hub, threeHoursAgo.plusSeconds(60), AllocationMethod.POSTCODE_DISTRICT,
                    Pathway.URGENT_CRISIS_RESPONSE));
        }
        Optional<String> ops = Optional.of(TestTokens.of("ops"));
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode alert : Json.read(get("/api/alerts", ops).body(), JsonNode.class).path("open")) {
                if (alert.path("hubId").asText().equals(hub)) {
                    found[0] = alert.path("alertId").asText();
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static Answer get(String path, Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse("");
            String body;
            try (InputStream in = response.body()) {
                // A stream that opened is judged by its status and type: it would not end by itself.
                body = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Answer(response.statusCode(), type, response.headers().firstValue("WWW-Authenticate"),
                    response.headers().firstValue("Location"), response.headers().firstValue("Cache-Control"), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String baseUrl() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }
}
