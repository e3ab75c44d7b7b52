package uk.nhs.homefirst.referral.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.valid;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
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
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.AccessCase;
import uk.nhs.homefirst.harness.access.AccessTableTests;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.fhir.FhirCodings;
import uk.nhs.homefirst.referral.fhir.FhirExamples;

/**
 * The access table of the README, run: every endpoint, every role, with a good token scoped to the
 * fixtures, with none, with bad ones, and scoped elsewhere. Quarkus's OIDC test server (for every
 * test of this module) serves the keys the tokens are checked against.
 */
@QuarkusTest
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class AccessTableIT {

    static final AccessCase.Scope SCOPE = new AccessCase.Scope("C82001", "charnwood-nwl", "county-and-rutland",
            "C82999", "city-north-west", "city");

    private static KafkaTestClient kafka;
    private static String referral;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    /** Made on first use: REST Assured knows the port only once a test runs. */
    static synchronized String referral() {
        if (referral == null) {
            referral = aReferralTriagedToTheCountyLduAndAllocatedToCharnwood();
        }
        return referral;
    }

    private static String aReferralTriagedToTheCountyLduAndAllocatedToCharnwood() {
        String referral = refer();
        Instant now = Instant.now();
        kafka.sendEvent(Topics.ASSESSMENTS, referral, ReferralTriaged.TYPE, new ReferralTriaged(referral,
                UUID.randomUUID().toString(), 1, now, now.minusSeconds(60), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR, "rules", "CRISIS_REQUESTED", ReferralSource.GP, RequestedUrgency.CRISIS,
                "LE11", "C82001", SCOPE.ldu()));
        kafka.sendEvent(Topics.ALLOCATIONS, referral, ReferralAllocated.TYPE, new ReferralAllocated(referral,
                UUID.randomUUID().toString(), 1, SCOPE.hub(), now, AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE));
        String lduClinician = TestTokens.lduClinician(SCOPE.ldu());
        String hubStaff = TestTokens.hubStaff(SCOPE.hub());
        eventually().until(() -> given().auth().oauth2(lduClinician).get("/api/referrals/" + referral).statusCode() == 200
                && given().auth().oauth2(hubStaff).get("/api/referrals/" + referral).statusCode() == 200);
        return referral;
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
        // Every referrer token of the table made one, for organisations other tests refer as: none may
        // outlive this class, or later tests' changes would owe notifications to its endpoint.
        new uk.nhs.homefirst.referral.support.Database(io.quarkus.arc.Arc.container()
                .instance(io.agroal.api.AgroalDataSource.class).get())
                .execute("DELETE FROM fhir_subscription WHERE reason = ?", SUBSCRIPTION_REASON);
    }

    /** How each endpoint of the table is called; a request that changes something gets a referral of its own. */
    static final Map<String, Function<RequestSpecification, Response>> REQUESTS = Map.ofEntries(
            Map.entry("POST /api/referrals", r -> r.contentType("application/json").body(Json.write(valid())).post("/api/referrals")),
            Map.entry("GET /api/referrals?referrerOdsCode=", r -> r.queryParam("referrerOdsCode", SCOPE.ods()).get("/api/referrals")),
            Map.entry("GET /api/referrals/{id}", r -> r.get("/api/referrals/" + referral())),
            Map.entry("POST /api/referrals/{id}/cancellation", r -> r.contentType("application/json")
                    .body("{\"reason\": \"RAISED_IN_ERROR\"}").post("/api/referrals/" + refer() + "/cancellation")),
            Map.entry("POST /api/referrals/{id}/discharge", r -> r.contentType("application/json")
                    .body("{\"status\": \"DISCHARGED\"}").post("/api/referrals/" + referAwaitingDischarge() + "/discharge")),
            Map.entry("POST /fhir/ServiceRequest", r -> r.contentType("application/fhir+json")
                    .body(FhirExamples.json(FhirExamples.contained(FhirExamples.example()))).post("/fhir/ServiceRequest")),
            Map.entry("POST /fhir/Encounter", r -> r.contentType("application/fhir+json").body("{\"resourceType\": \"Encounter\", "
                    + "\"status\": \"finished\", \"basedOn\": [{\"reference\": \"ServiceRequest/" + referAwaitingDischarge()
                    + "\"}], \"period\": {\"end\": \"" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\"}}").post("/fhir/Encounter")),
            Map.entry("GET /fhir/ServiceRequest/{id}", r -> r.get("/fhir/ServiceRequest/" + referral())),
            Map.entry("GET /fhir/ServiceRequest?identifier=", r -> r.queryParam("identifier", FhirCodings.REFERRAL_ID + "|" + referral())
                    .get("/fhir/ServiceRequest")),
            Map.entry("GET /api/audit?referralId=", r -> r.queryParam("referralId", referral()).get("/api/audit")),
            Map.entry("GET /fhir/Task/{id}", r -> r.get("/fhir/Task/" + referral())),
            Map.entry("GET /fhir/Task?status=", r -> r.queryParam("status", "accepted,ready").get("/fhir/Task")),
            Map.entry("POST /fhir/Subscription", r -> r.contentType("application/fhir+json").body(AccessTableIT.SUBSCRIPTION)
                    .post("/fhir/Subscription")),
            Map.entry("GET /fhir/Subscription/{id}", r -> r.get("/fhir/Subscription/" + subscription())),
            Map.entry("DELETE /fhir/Subscription/{id}", r -> r.delete("/fhir/Subscription/" + subscribe())));

    private static final String SUBSCRIPTION_REASON = "access test";
    /** Follows visits only, which these tests never record: nothing is ever sent to its endpoint. */
    private static final String SUBSCRIPTION = "{\"resourceType\": \"Subscription\", \"status\": \"requested\", "
            + "\"reason\": \"" + SUBSCRIPTION_REASON + "\", \"criteria\": \"Task?status=in-progress\", \"channel\": "
            + "{\"type\": \"rest-hook\", \"endpoint\": \"https://example.org/hook\"}}";
    private static String subscription;

    private static synchronized String subscription() {
        if (subscription == null) {
            subscription = subscribe();
        }
        return subscription;
    }

    private static String subscribe() {
        String location = given().auth().oauth2(TestTokens.referrer(SCOPE.ods())).contentType("application/fhir+json")
                .body(SUBSCRIPTION).post("/fhir/Subscription").then().statusCode(201).extract().header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
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

    private static String referAwaitingDischarge() {
        return given().auth().oauth2(TestTokens.referrer(SCOPE.ods())).contentType("application/json")
                .body(Json.write(uk.nhs.homefirst.referral.support.Referrals.with(
                        uk.nhs.homefirst.referral.support.Referrals.hospital(null, 1), "receivedAt",
                        Instant.now().minusSeconds(3600).toString()))).post("/api/referrals")
                .then().statusCode(201).extract().path("id");
    }

    private static String refer() {
        return given().auth().oauth2(TestTokens.referrer(SCOPE.ods())).contentType("application/json")
                .body(Json.write(valid())).post("/api/referrals").then().statusCode(201).extract().path("id");
    }
}
