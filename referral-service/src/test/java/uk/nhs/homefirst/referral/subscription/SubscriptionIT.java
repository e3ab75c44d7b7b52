package uk.nhs.homefirst.referral.subscription;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
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
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * A referrer's system told without polling: a FHIR R4 Subscription (rest-hook) made through HAPI's
 * generic client, and a real HTTP endpoint in this test receiving each Task as triage decisions
 * arrive on the real topics; an endpoint that fails or hangs delays nothing else and, once back,
 * gets the latest status.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class SubscriptionIT {

    /** Below the ephemeral ports; a worktree with another port range names its own (-Dhomefirst.test.hook-port). */
    private static final int HOOK_PORT = Integer.getInteger("homefirst.test.hook-port", 21090);
    private static final FhirContext FHIR = FhirContext.forR4();

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    private static KafkaTestClient kafka;
    private static HookReceiver hooks;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
        hooks = new HookReceiver(HOOK_PORT);
    }

    @AfterAll
    static void stop() {
        hooks.close();
        kafka.close();
    }

    private static IGenericClient client(String ods) {
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + RestAssured.port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.referrer(ods)));
        return client;
    }

    private static String organisation() {
        return "Q" + (10000 + ThreadLocalRandom.current().nextInt(89999));
    }

    private static Subscription subscription(String criteria, String path, boolean payload) {
        Subscription subscription = new Subscription().setStatus(Subscription.SubscriptionStatus.REQUESTED)
                .setReason("Tell our EPR where our referrals stand").setCriteria(criteria);
        subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(hooks.base() + path).addHeader("Authorization: Bearer secret-of" + path);
        if (payload) {
            subscription.getChannel().setPayload("application/fhir+json");
        }
        return subscription;
    }

    @Test
    void aReferrersSystemIsToldOfEachChangeOfItsTasksWithTheTaskAsItStands() {
        String ods = organisation();
        IGenericClient system = client(ods);
        MethodOutcome created = system.create().resource(subscription("Task", "/hooks/" + ods, true)).execute();
        String subscriptionId = created.getId().getIdPart();
        Subscription stored = system.read().resource(Subscription.class).withId(subscriptionId).execute();
        assertThat(stored.getStatus()).isEqualTo(Subscription.SubscriptionStatus.ACTIVE);
        assertThat(stored.getChannel().getHeader()).extracting(h -> h.getValue()).containsExactly("Authorization: ***");

        String id = refer(ods);
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        triage(id, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        Task accepted = awaitTask(ods, id, Task.TaskStatus.ACCEPTED);
        assertThat(accepted.getFocus().getReference()).isEqualTo("ServiceRequest/" + id);
        assertThat(accepted.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("URGENT_CRISIS_RESPONSE");

        triage(id, 2, t.plusSeconds(60), Pathway.NOT_ACCEPTED, "OUT_OF_AREA");
        Task declined = awaitTask(ods, id, Task.TaskStatus.REJECTED);
        assertThat(declined.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("OUT_OF_AREA");
        assertThat(declined.getStatusReason().getText()).contains("Refer to the community services");

        HookReceiver.Received last = hooks.to("/hooks/" + ods + "/").get(hooks.to("/hooks/" + ods + "/").size() - 1);
        assertThat(last.method()).as("an R4 rest-hook with a payload: the resource PUT under the endpoint").isEqualTo("PUT");
        assertThat(last.path()).isEqualTo("/hooks/" + ods + "/Task/" + id);
        assertThat(last.authorization()).isEqualTo("Bearer secret-of/hooks/" + ods);
        assertThat(last.contentType()).startsWith("application/fhir+json");
        assertThat(last.body()).doesNotContain("9434765919");

        system.delete().resourceById("Subscription", subscriptionId).execute();
        assertThatThrownBy(() -> system.read().resource(Subscription.class).withId(subscriptionId).execute())
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anEndpointThatFailsOrHangsDelaysNothingAndGetsTheLatestStatusOnceBack() throws Exception {
        String ods = organisation();
        IGenericClient system = client(ods);
        String path = "/failing/" + ods;
        String subscriptionId = system.create().resource(subscription("Task", path, false)).execute().getId().getIdPart();
        // A second system of the organisation, taking the Task: what it is owed while down reaches it once back.
        String withTask = "/failing-with-task/" + ods;
        system.create().resource(subscription("Task", withTask, true)).execute();
        String id = refer(ods);
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);

        hooks.answer = 503;
        triage(id, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        Subscription inError = eventually().until(() -> system.read().resource(Subscription.class).withId(subscriptionId)
                .execute(), s -> s.getStatus() == Subscription.SubscriptionStatus.ERROR);
        assertThat(inError.getError()).contains("HTTP 503");
        int failedAttempts = hooks.to(path).size();
        assertThat(failedAttempts).as("retried").isGreaterThanOrEqualTo(2);
        assertThat(hooks.to(path)).allSatisfy(r -> {
            assertThat(r.method()).as("no payload: an empty POST to the endpoint").isEqualTo("POST");
            assertThat(r.body()).isEmpty();
        });

        // A decline while the endpoint fails: the status is kept, readable, and owed to the endpoint.
        triage(id, 2, t.plusSeconds(60), Pathway.NOT_ACCEPTED, "OUT_OF_AREA");
        eventually().until(() -> client(ods).read().resource(Task.class).withId(id).execute().getStatus()
                == Task.TaskStatus.REJECTED);

        // The endpoint holds the next notification: intake and the consumers go on meanwhile.
        hooks.hold = new CountDownLatch(1);
        assertThat(hooks.held.await(90, TimeUnit.SECONDS)).as("a notification is in flight").isTrue();
        String another = refer(ods);
        triage(another, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        eventually().until(() -> client(ods).read().resource(Task.class).withId(another).execute().getStatus()
                == Task.TaskStatus.ACCEPTED);
        hooks.answer = 200;
        hooks.hold.countDown();
        hooks.hold = null;

        eventually().until(() -> system.read().resource(Subscription.class).withId(subscriptionId).execute().getStatus()
                == Subscription.SubscriptionStatus.ACTIVE);
        assertThat(hooks.to(path).size()).isGreaterThan(failedAttempts);
        assertThat(hooks.to(path)).extracting(HookReceiver.Received::answered).as("delivered once back").contains(200);
        // Nothing lost: the latest Task of each referral reaches the endpoint that was down.
        awaitTask(withTask, id, Task.TaskStatus.REJECTED);
        awaitTask(withTask, another, Task.TaskStatus.ACCEPTED);
    }

    @Test
    void aSubscriptionHearsOfItsOwnOrganisationsTasksInTheStatusesItNamesAndIsItsOwnersOnly() {
        String ods = organisation();
        String other = organisation() + "X";
        IGenericClient system = client(ods);
        String path = "/declines/" + ods;
        String subscriptionId = system.create().resource(subscription("Task?status=rejected", path, true)).execute()
                .getId().getIdPart();
        String own = refer(ods);
        String theirs = refer(other);
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        triage(own, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        triage(theirs, 1, t, Pathway.NOT_ACCEPTED, "OUT_OF_AREA");
        triage(own, 2, t.plusSeconds(60), Pathway.NOT_ACCEPTED, "CRITERIA_NOT_MET");

        Task declined = awaitTask(path, own, Task.TaskStatus.REJECTED);
        assertThat(declined.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("CRITERIA_NOT_MET");
        eventually().until(() -> client(other).read().resource(Task.class).withId(theirs).execute().getStatus()
                == Task.TaskStatus.REJECTED);
        assertThat(hooks.to(path)).extracting(HookReceiver.Received::path).as("its status and organisation only")
                .containsOnly(path + "/Task/" + own);

        IGenericClient stranger = client(other);
        Subscription theirsToFollow = subscription("Task?requester:identifier=https://fhir.nhs.uk/Id/ods-organization-code|"
                + ods, "/stranger/" + other, true);
        assertThatThrownBy(() -> stranger.create().resource(theirsToFollow).execute())
                .as("a referrer may not follow another's Tasks").isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> stranger.read().resource(Subscription.class).withId(subscriptionId).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThatThrownBy(() -> stranger.delete().resourceById("Subscription", subscriptionId).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        assertThat(system.read().resource(Subscription.class).withId(subscriptionId).execute().getCriteria())
                .isEqualTo("Task?status=rejected");
    }

    @Test
    void aSubscriptionOnCompletedTasksHearsThatTheEpisodeClosedWithItsOutcome() {
        String ods = organisation();
        String path = "/completed/" + ods;
        client(ods).create().resource(subscription("Task?status=completed", path, true)).execute();
        String id = refer(ods);
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        triage(id, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        kafka.sendEvent(Topics.ALLOCATIONS, id, EpisodeClosed.TYPE, new EpisodeClosed(id, "hub-charnwood",
                Pathway.URGENT_CRISIS_RESPONSE, EpisodeOutcome.REMAINED_AT_HOME, LocalDate.of(2026, 12, 1),
                t.plusSeconds(120)));

        Task completed = awaitTask(path, id, Task.TaskStatus.COMPLETED);
        assertThat(completed.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("REMAINED_AT_HOME");
        assertThat(completed.getExecutionPeriod().getEndElement().getValueAsString()).isEqualTo("2026-12-01");
        assertThat(hooks.to(path)).as("the triage was not a completion: only the closure is sent").hasSize(1);
    }

    @Test
    void aSubscriptionThatCannotBeKeptIsRefusedNamingEachElement() {
        Subscription bad = new Subscription().setStatus(Subscription.SubscriptionStatus.OFF).setCriteria("Patient");
        bad.getChannel().setType(Subscription.SubscriptionChannelType.EMAIL).setEndpoint("mailto:gp@example.org")
                .setPayload("text/plain").addHeader("no colon here");
        assertThatThrownBy(() -> client(organisation()).create().resource(bad).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(
                        ((OperationOutcome) e.getOperationOutcome()).getIssue()).extracting(i -> i.getExpression().get(0)
                        .getValue()).containsExactly("Subscription.criteria", "Subscription.status", "Subscription.reason",
                        "Subscription.channel.type", "Subscription.channel.endpoint", "Subscription.channel.payload",
                        "Subscription.channel.header[0]"));
    }

    @Test
    void anEndpointInsideTheNetworkOrNotHttpsIsRefusedNamingTheEndpoint() {
        for (String endpoint : List.of("https://127.0.0.1/hook", "https://169.254.169.254/latest/meta-data/",
                "https://10.0.0.5/hook", "https://192.168.1.10/hook", "https://[::1]/hook", "https://[fd00::5]/hook",
                "https://[::ffff:169.254.169.254]/hook", "https://metadata.localhost/hook", "http://gp-system.example/hook",
                "http://127.0.0.1:" + HOOK_PORT + "/hooks")) {
            Subscription inside = subscription("Task", "/inside", false);
            inside.getChannel().setEndpoint(endpoint);
            assertThatThrownBy(() -> client(organisation()).create().resource(inside).execute()).as(endpoint)
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(400);
                        OperationOutcome outcome = (OperationOutcome) e.getOperationOutcome();
                        assertThat(outcome.getIssue()).singleElement().satisfies(issue -> {
                            assertThat(issue.getExpression()).extracting(x -> x.getValue())
                                    .containsExactly("Subscription.channel.endpoint");
                            assertThat(issue.getDiagnostics()).containsAnyOf("public addresses", "must be https");
                        });
                    });
        }
    }

    @Test
    void aHostThatResolvesInsideTheNetworkSinceGetsNothingAndTheSubscriptionSaysWhy() {
        String ods = organisation();
        IGenericClient system = client(ods);
        String path = "/rebound/" + ods;
        String subscriptionId = system.create().resource(subscription("Task", path, true)).execute().getId().getIdPart();
        // As if its name pointed at this machine now: a host the allow-list does not name, on loopback.
        QuarkusTransaction.requiringNew().run(() -> StoredSubscription.<StoredSubscription>findById(
                UUID.fromString(subscriptionId)).endpoint = "https://127.0.0.1:" + HOOK_PORT + path);
        String id = refer(ods);
        triage(id, 1, Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS), Pathway.URGENT_CRISIS_RESPONSE,
                "CRISIS_REQUESTED");

        Subscription refused = eventually().until(() -> system.read().resource(Subscription.class).withId(subscriptionId)
                .execute(), s -> s.getStatus() == Subscription.SubscriptionStatus.ERROR);
        assertThat(refused.getError()).contains("loopback").contains("Nothing was sent").doesNotContain("127.0.0.1");
        eventually().until(() -> owed(subscriptionId) == 0);
        assertThat(hooks.to(path)).as("no connection made").isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
        String ods = organisation();
        IGenericClient system = client(ods);
        String subscriptionId = system.create().resource(subscription("Task", "/redirect/" + ods, false)).execute()
                .getId().getIdPart();
        String id = refer(ods);
        triage(id, 1, Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS), Pathway.URGENT_CRISIS_RESPONSE,
                "CRISIS_REQUESTED");
        Subscription failing = eventually().until(() -> system.read().resource(Subscription.class).withId(subscriptionId)
                .execute(), s -> s.getStatus() == Subscription.SubscriptionStatus.ERROR);
        assertThat(failing.getError()).contains("HTTP 307");
        assertThat(hooks.to("/redirect/" + ods)).isNotEmpty();
        assertThat(hooks.to("/elsewhere")).isEmpty();
    }

    /** How many notifications the subscription is still owed (dropped ones are not). */
    private int owed(String subscriptionId) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
                var count = connection.prepareStatement("SELECT count(*) FROM subscription_notification WHERE subscription_id = ?")) {
            count.setObject(1, UUID.fromString(subscriptionId));
            try (var rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The Task the endpoint last received for the referral, once it shows the status. */
    private static Task awaitTask(String pathOrOds, String id, Task.TaskStatus status) {
        String path = pathOrOds.startsWith("/") ? pathOrOds : "/hooks/" + pathOrOds;
        return eventually().until(() -> {
            List<HookReceiver.Received> received = hooks.to(path + "/Task/" + id);
            return received.isEmpty() ? null
                    : FHIR.newJsonParser().parseResource(Task.class, received.get(received.size() - 1).body());
        }, task -> task != null && task.getStatus() == status);
    }

    private static String refer(String ods) {
        var referral = Referrals.with(Referrals.with(Referrals.valid(), "receivedAt",
                Instant.now().minusSeconds(600).toString()), "referrer.organisationOdsCode", ods);
        return given().auth().oauth2(TestTokens.referrer(ods)).contentType("application/json").body(Json.write(referral))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
    }

    private static void triage(String id, int number, Instant at, Pathway pathway, String reason) {
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(),
                number, at, at.minusSeconds(600), pathway,
                pathway == Pathway.URGENT_CRISIS_RESPONSE ? ResponseStandard.TWO_HOUR : null,
                number == 1 ? "rules" : "clinician-7", reason, ReferralSource.GP, RequestedUrgency.CRISIS, "LE11",
                "C82001", "county-and-rutland"));
    }
}
