package uk.nhs.homefirst.allocation.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import uk.nhs.homefirst.allocation.it.Fixtures;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.AccessCase;
import uk.nhs.homefirst.harness.access.AccessTableTests;
import uk.nhs.homefirst.harness.access.TestTokens;

/**
 * The access table of the README, run: every endpoint, every role, with a good token scoped to the
 * fixtures, with none, with bad ones, and scoped elsewhere. Quarkus's OIDC test server (for every
 * test of this module) serves the keys the tokens are checked against.
 */
@QuarkusTest
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class AccessTableIT {

    /** The fixture is a referral in Loughborough (LE11), routed to the County and Rutland LDU, held by Charnwood. */
    static final AccessCase.Scope SCOPE = new AccessCase.Scope("C82001", "charnwood-nwl", "county-and-rutland",
            "C82999", "city-north-west", "city");

    private static KafkaTestClient kafka;
    private static String referral;
    private static String visit;
    private static List<String> districts;
    private static String episode;
    private static String reablement;
    private static String sendBack;
    private static final String TODAY = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString();

    @Inject
    AgroalDataSource database;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Made on first use: REST Assured knows the port only once a test runs. */
    synchronized void fixtures() {
        if (referral == null) {
            String id = Fixtures.newReferralId();
            Instant received = Fixtures.anHourAgo();
            new Fixtures(kafka, database).triage(Fixtures.decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE,
                    ResponseStandard.TWO_HOUR, "LE11", received, SCOPE.ldu()));
            String admin = TestTokens.of("admin");
            org.awaitility.Awaitility.await().atMost(Fixtures.PATIENCE).until(() -> SCOPE.hub().equals(
                    given().auth().oauth2(admin).get("/api/allocations/" + id).jsonPath().getString("hubId")));
            visit = Fixtures.asStaffOf(SCOPE.hub()).contentType("application/json").body(visitOf(id))
                    .post("/api/visits").then().statusCode(201).extract().path("visitId");
            districts = given().auth().oauth2(admin).get("/api/hubs/" + SCOPE.hub()).jsonPath()
                    .getList("districts", String.class);
            // An episode to close (each call closes it the same way), and a closed reablement episode from
            // hospital, received 100 days ago, whose 91-day follow-up is due.
            episode = Fixtures.newReferralId();
            new Fixtures(kafka, database).triage(Fixtures.decision(episode, 1, Pathway.URGENT_CRISIS_RESPONSE,
                    ResponseStandard.TWO_HOUR, "LE11", received, SCOPE.ldu()));
            reablement = Fixtures.newReferralId();
            Instant longAgo = Instant.now().minus(java.time.Duration.ofDays(100)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            new Fixtures(kafka, database).triage(new uk.nhs.homefirst.events.ReferralTriaged(reablement,
                    java.util.UUID.randomUUID().toString(), 1, longAgo.plusSeconds(300), longAgo,
                    Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "rules", "RULE_REABLEMENT",
                    uk.nhs.homefirst.events.ReferralSource.ACUTE_HOSPITAL, uk.nhs.homefirst.events.RequestedUrgency.URGENT,
                    "LE11", "C82001", SCOPE.ldu()));
            for (String id2 : List.of(episode, reablement)) {
                org.awaitility.Awaitility.await().atMost(Fixtures.PATIENCE).until(() -> SCOPE.hub().equals(
                        given().auth().oauth2(admin).get("/api/allocations/" + id2).jsonPath().getString("hubId")));
            }
            Fixtures.asStaffOf(SCOPE.hub()).contentType("application/json").body(closure())
                    .post("/api/episodes/" + reablement + "/closure").then().statusCode(200);
            // A referral for the hub to send back, placed with it again by admin before each call.
            sendBack = Fixtures.newReferralId();
            new Fixtures(kafka, database).triage(Fixtures.decision(sendBack, 1, Pathway.URGENT_CRISIS_RESPONSE,
                    ResponseStandard.TWO_HOUR, "LE11", received, SCOPE.ldu()));
            org.awaitility.Awaitility.await().atMost(Fixtures.PATIENCE).until(() -> SCOPE.hub().equals(
                    given().auth().oauth2(admin).get("/api/allocations/" + sendBack).jsonPath().getString("hubId")));
            referral = id;
        }
    }

    private static String visitOf(String referralId) {
        return Json.write(Map.of("referralId", referralId, "visitedAt", Instant.now().minusSeconds(60).toString(),
                "outcome", "ATTENDED", "contactType", "IN_PERSON", "staffRole", "NURSE"));
    }

    private static String closure() {
        return Json.write(Map.of("outcome", "REMAINED_AT_HOME", "outcomeDate", TODAY));
    }

    /** How each endpoint of the table is called; every change leaves the fixtures as they were, but for a visit more. */
    static final Map<String, Function<RequestSpecification, Response>> REQUESTS = Map.ofEntries(
            Map.entry("GET /api/hubs", r -> r.get("/api/hubs")),
            Map.entry("GET /api/hubs/{hubId}", r -> r.get("/api/hubs/" + SCOPE.hub())),
            Map.entry("PUT /api/hubs/{hubId}/districts", r -> r.contentType("application/json")
                    .body(Json.write(Map.of("districts", districts))).put("/api/hubs/" + SCOPE.hub() + "/districts")),
            // Unlimited, as it is by default: the fixtures stay as they were.
            Map.entry("PUT /api/hubs/{hubId}/capacity", r -> r.contentType("application/json")
                    .body("{\"dailyLimits\": {\"BED_BASED\": null}}").put("/api/hubs/" + SCOPE.hub() + "/capacity")),
            Map.entry("GET /api/hubs/{hubId}/caseload", r -> r.get("/api/hubs/" + SCOPE.hub() + "/caseload")),
            Map.entry("GET /api/allocations/unallocated?ldu=",
                    r -> r.queryParam("ldu", SCOPE.ldu()).get("/api/allocations/unallocated")),
            Map.entry("GET /api/allocations/{referralId}", r -> r.get("/api/allocations/" + referral)),
            Map.entry("PUT /api/allocations/{referralId}", r -> r.contentType("application/json")
                    .body(Json.write(Map.of("hubId", SCOPE.hub()))).put("/api/allocations/" + referral)),
            Map.entry("POST /api/visits", r -> r.contentType("application/json").body(visitOf(referral)).post("/api/visits")),
            Map.entry("GET /api/visits/{visitId}", r -> r.get("/api/visits/" + visit)),
            // A visit of its own for each call: a visit is voided once, and these leave the fixture's as it was.
            Map.entry("POST /api/visits/{visitId}/void", r -> r.contentType("application/json")
                    .body(Json.write(Map.of("reason", "ENTERED_IN_ERROR"))).post("/api/visits/" + newVisit() + "/void")),
            Map.entry("POST /api/visits/{visitId}/corrections", r -> r.contentType("application/json")
                    .body(Json.write(Map.of("reason", "WRONG_STAFF_ROLE", "staffRole", "THERAPIST")))
                    .post("/api/visits/" + newVisit() + "/corrections")),
            // Closed the same way each time: the first closes it, the same closure again answers 200.
            Map.entry("POST /api/episodes/{referralId}/closure", r -> r.contentType("application/json").body(closure())
                    .post("/api/episodes/" + episode + "/closure")),
            Map.entry("POST /api/episodes/{referralId}/follow-up", r -> r.contentType("application/json")
                    .body(Json.write(Map.of("stillAtHome", "YES", "checkedOn", TODAY)))
                    .post("/api/episodes/" + reablement + "/follow-up")),
            // Admin places it with the hub again first (a manual allocation; nothing when it holds it already), as
            // a second send-back while it is back with its LDU is a 409, not what the table says.
            Map.entry("POST /api/allocations/{referralId}/send-back", r -> {
                given().auth().oauth2(TestTokens.of("admin")).contentType("application/json")
                        .body(Json.write(Map.of("hubId", SCOPE.hub()))).put("/api/allocations/" + sendBack)
                        .then().statusCode(200);
                return r.contentType("application/json")
                        .body(Json.write(Map.of("reasonCode", "NEEDS_MORE_INFORMATION", "reason", "Access table call")))
                        .post("/api/allocations/" + sendBack + "/send-back");
            }),
            Map.entry("GET /api/audit?referralId=", r -> r.queryParam("referralId", referral).get("/api/audit")));

    private static String newVisit() {
        return Fixtures.asStaffOf(SCOPE.hub()).contentType("application/json").body(visitOf(referral))
                .post("/api/visits").then().statusCode(201).extract().path("visitId");
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEveryRoleAndEveryTokenAsTheTableSays() {
        fixtures();
        return AccessTableTests.run(Path.of("README.md"), SCOPE, REQUESTS.keySet(),
                c -> AccessTableTests.answer(REQUESTS.get(c.row().endpoint()).apply(AccessTableTests.given(c.token()))));
    }

    @Test
    void aRestMethodNobodyWroteARuleForAndAPathNobodyListedAreRefusedEvenToAdmin() {
        AccessTableTests.assertDeniedByDefault((path, token) -> AccessTableTests.answer(AccessTableTests.given(token).get(path)));
    }
}
