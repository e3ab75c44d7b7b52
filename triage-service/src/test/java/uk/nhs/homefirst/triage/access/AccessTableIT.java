package uk.nhs.homefirst.triage.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.AccessCase;
import uk.nhs.homefirst.harness.access.AccessTableTests;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * The access table of the README, run: every endpoint, every role, with a good token scoped to the
 * fixtures, with none, with bad ones, and scoped elsewhere. Quarkus's OIDC test server (for every
 * test of this module) serves the keys the tokens are checked against.
 */
@QuarkusTest
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class AccessTableIT {

    /** The fixture is a referral of a patient in Loughborough (LE11): the County and Rutland LDU's. */
    static final AccessCase.Scope SCOPE = new AccessCase.Scope("C82001", "charnwood-nwl", "county-and-rutland",
            "C82999", "city-north-west", "city");

    private static TriageTopics topics;
    private static String referral;
    private static String bedReferral;
    private static Instant bedReceivedAt;

    @BeforeAll
    static void connect() {
        topics = new TriageTopics();
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    /** Made on first use: REST Assured knows the port only once a test runs. */
    static synchronized String referral() {
        if (referral == null) {
            String id = FakeReferrals.newId();
            topics.sendReceived(FakeReferrals.received(id, Instant.now().minus(Duration.ofMinutes(30))
                    .truncatedTo(ChronoUnit.SECONDS), RequestedUrgency.URGENT, ClinicalNeed.FALLS));
            String admin = TestTokens.of("admin");
            eventually().until(() -> given().auth().oauth2(admin).get("/api/triage/" + id).statusCode() == 200);
            referral = id;
        }
        return referral;
    }

    /** A referral the rules put on BED_BASED, in the same LDU: a bed is arranged only for one. */
    static synchronized String bedReferral() {
        if (bedReferral == null) {
            String id = FakeReferrals.newId();
            bedReceivedAt = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
            topics.sendReceived(FakeReferrals.received(id, bedReceivedAt, RequestedUrgency.ROUTINE, ClinicalNeed.STEP_UP_BED));
            String admin = TestTokens.of("admin");
            eventually().until(() -> given().auth().oauth2(admin).get("/api/triage/" + id).statusCode() == 200);
            bedReferral = id;
        }
        return bedReferral;
    }

    /** How each endpoint of the table is called. */
    static final Map<String, Function<RequestSpecification, Response>> REQUESTS = Map.ofEntries(
            Map.entry("GET /api/triage/queue?ldu=", r -> r.queryParam("ldu", SCOPE.ldu()).get("/api/triage/queue")),
            Map.entry("GET /api/triage/{referralId}", r -> r.get("/api/triage/" + referral())),
            Map.entry("GET /api/triage/{referralId}/decisions/{number}", r -> r.get("/api/triage/" + referral() + "/decisions/1")),
            Map.entry("POST /api/triage/{referralId}/decisions", r -> r.contentType("application/json")
                    .body("{\"pathway\": \"HOME_FIRST_REABLEMENT\", "
                            + "\"reason\": \"CLINICAL_JUDGEMENT\"}")
                    .post("/api/triage/" + releasedReferral() + "/decisions")),
            Map.entry("POST /api/triage/{referralId}/claim", r -> {
                releasedByAdmin();
                return r.post("/api/triage/" + referral() + "/claim");
            }),
            Map.entry("DELETE /api/triage/{referralId}/claim", r -> r.delete("/api/triage/" + releasedReferral() + "/claim")),
            Map.entry("POST /api/triage/{referralId}/send-back", r -> {
                releasedByAdmin();
                return r.contentType("application/json").body("{\"reason\": \"SECOND_OPINION\"}")
                        .post("/api/triage/" + referral() + "/send-back");
            }),
            // The same arrangement each time: the first records it, the others find it recorded, all 200.
            Map.entry("PUT /api/triage/{referralId}/bed", r -> {
                String id = bedReferral();
                return r.contentType("application/json").body("{\"bedType\": \"REABLEMENT_BED\", \"arrangedAt\": \""
                        + bedReceivedAt.plusSeconds(60) + "\"}").put("/api/triage/" + id + "/bed");
            }),
            Map.entry("GET /api/audit?referralId=", r -> r.queryParam("referralId", referral()).get("/api/audit")),
            Map.entry("GET /api/triage/figures?ldu=", r -> r.queryParam("ldu", SCOPE.ldu()).get("/api/triage/figures")),
            Map.entry("GET /api/triage/rules", r -> r.get("/api/triage/rules")),
            Map.entry("GET /api/triage/rules/{version}", r -> r.get("/api/triage/rules/1")),
            Map.entry("GET /api/triage/rules/{version}/dry-run", r -> r.get("/api/triage/rules/1/dry-run")),
            Map.entry("POST /api/triage/rules", r -> r.contentType("application/json").body(draft()).post("/api/triage/rules")),
            Map.entry("POST /api/triage/rules/{version}/approve", r -> r.post("/api/triage/rules/" + draftByAdmin() + "/approve")),
            Map.entry("POST /api/triage/rules/{version}/withdraw", r -> r.post("/api/triage/rules/" + draftByAdmin() + "/withdraw")));

    /** Version 1 again, to take effect in 2100: approving it changes no decision the other tests see. */
    private static String draft() {
        return Json.write(Map.of("effectiveFrom", "2100-01-01T00:00:00Z", "note", "The access table's draft",
                "rows", given().auth().oauth2(TestTokens.of("admin")).get("/api/triage/rules/1").then().statusCode(200)
                        .extract().jsonPath().getList("rows")));
    }

    private static int draftByAdmin() {
        return given().auth().oauth2(TestTokens.of("admin")).contentType("application/json").body(draft())
                .post("/api/triage/rules").then().statusCode(201).extract().path("version");
    }

    private static String releasedReferral() {
        releasedByAdmin();
        return referral();
    }

    /** A claim the table's previous row left would make the next caller's answer a 409, not what the table says. */
    private static void releasedByAdmin() {
        given().auth().oauth2(TestTokens.of("admin")).delete("/api/triage/" + referral() + "/claim")
                .then().statusCode(204);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryRoleAndEveryTokenAsTheTableSays() {
        referral();
        return AccessTableTests.run(Path.of("README.md"), SCOPE, REQUESTS.keySet(),
                c -> AccessTableTests.answer(REQUESTS.get(c.row().endpoint()).apply(AccessTableTests.given(c.token()))));
    }

    @Test
    void aRestMethodNobodyWroteARuleForAndAPathNobodyListedAreRefusedEvenToAdmin() {
        AccessTableTests.assertDeniedByDefault((path, token) -> AccessTableTests.answer(AccessTableTests.given(token).get(path)));
    }
}
