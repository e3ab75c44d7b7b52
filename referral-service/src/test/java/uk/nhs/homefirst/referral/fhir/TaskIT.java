package uk.nhs.homefirst.referral.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.nhs.homefirst.referral.fhir.FhirExamples.FHIR;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.DateClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralStatusChanged;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * The referrer hears back, as its system would through HAPI's generic client: a referral posted as a
 * ServiceRequest, then triage, a decline, a new decision, an allocation and visits arriving on the
 * real topics, and its Task read after each, showing where it stands; searched by status and date;
 * never seen by another organisation.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class TaskIT {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    static IGenericClient client(String... odsCodes) {
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + RestAssured.port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(TestTokens.referrer(odsCodes)));
        return client;
    }

    /** Not ready until HAPI's validator has loaded (FhirWarmUp): a client that waits for readiness never meets it. */
    @BeforeEach
    void ready() {
        Referrals.awaitReady();
    }

    @Test
    void aReferralsTaskShowsEachStatusInTurnAsTheOtherServicesEventsArrive() {
        IGenericClient surgery = client(Referrals.ODS);
        String id = surgery.create().resource(FhirExamples.contained(FhirExamples.example())).execute().getId().getIdPart();
        Instant received = surgery.read().resource(Task.class).withId(id).execute().getAuthoredOn().toInstant();
        Instant t = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);

        Task task = surgery.read().resource(Task.class).withId(id).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.RECEIVED);
        assertThat(task.getFocus().getReference()).isEqualTo("ServiceRequest/" + id);
        assertThat(task.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
        assertThat(task.getRequester().getIdentifier().getValue()).isEqualTo(Referrals.ODS);
        assertThat(task.getMeta().getVersionId()).isEqualTo("1");
        assertThat(task.hasBusinessStatus()).isFalse();

        triage(id, 1, t, Pathway.URGENT_CRISIS_RESPONSE, "CRISIS_REQUESTED");
        task = await(surgery, id, Task.TaskStatus.ACCEPTED);
        assertThat(task.getBusinessStatus().getCodingFirstRep().getSystem()).isEqualTo(TaskView.PATHWAY);
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(task.getMeta().getVersionId()).isEqualTo("2");

        triage(id, 2, t.plusSeconds(60), Pathway.NOT_ACCEPTED, "MORE_INFORMATION_NEEDED");
        task = await(surgery, id, Task.TaskStatus.REJECTED);
        assertThat(task.getStatusReason().getCodingFirstRep().getSystem()).isEqualTo(TaskView.DECLINE_REASON);
        assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("MORE_INFORMATION_NEEDED");
        assertThat(task.getStatusReason().getText()).startsWith("The LDU could not judge the referral")
                .contains("Refer again with the presenting problem");
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("NOT_ACCEPTED");
        assertThat(task.getLastModified().toInstant()).isEqualTo(t.plusSeconds(60));

        triage(id, 3, t.plusSeconds(120), Pathway.HOME_FIRST_REABLEMENT, "CLINICAL_JUDGEMENT");
        task = await(surgery, id, Task.TaskStatus.ACCEPTED);
        assertThat(task.hasStatusReason()).isFalse();
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("HOME_FIRST_REABLEMENT");

        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, "hub-charnwood", t.plusSeconds(180), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.HOME_FIRST_REABLEMENT));
        task = await(surgery, id, Task.TaskStatus.READY);
        assertThat(task.getOwner().getIdentifier().getSystem()).isEqualTo(TaskView.HUB);
        assertThat(task.getOwner().getIdentifier().getValue()).isEqualTo("hub-charnwood");

        visit(id, t.plusSeconds(240), VisitOutcome.PATIENT_NOT_AT_HOME);
        VisitRecorded seen = new VisitRecorded(UUID.randomUUID().toString(), id, "hub-charnwood", t.plusSeconds(300),
                t.plusSeconds(330), VisitOutcome.ATTENDED);
        String seenEvent = kafka.sendEvent(Topics.VISITS, id, VisitRecorded.TYPE, seen);
        task = await(surgery, id, Task.TaskStatus.INPROGRESS);
        assertThat(task.getExecutionPeriod().getStart().toInstant()).as("the first visit that saw the patient")
                .isEqualTo(t.plusSeconds(300));
        assertThat(task.getMeta().getVersionId()).isEqualTo("6");

        // The same visit delivered again, then a second visit that saw the patient: where the referral
        // stands is unchanged, so neither is a change of status (no event, no new Task version).
        int entries = timeline(id);
        kafka.sendEvent(Topics.VISITS, id, seenEvent, VisitRecorded.TYPE, Json.write(seen));
        visit(id, t.plusSeconds(360), VisitOutcome.ATTENDED);
        eventually().until(() -> timeline(id) == entries + 1);
        task = surgery.read().resource(Task.class).withId(id).execute();
        assertThat(task.getMeta().getVersionId()).isEqualTo("6");
        assertThat(task.getExecutionPeriod().getStart().toInstant()).isEqualTo(t.plusSeconds(300));

        given().auth().oauth2(TestTokens.referrer(Referrals.ODS)).contentType("application/json")
                .body("{\"reason\": \"PATIENT_ADMITTED\"}").post("/api/referrals/" + id + "/cancellation")
                .then().statusCode(200);
        task = surgery.read().resource(Task.class).withId(id).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
        assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("PATIENT_ADMITTED");
        assertThat(task.getAuthoredOn().toInstant()).isEqualTo(received);

        // Each change announced once, in order, through the outbox: codes only, no patient identifier or text.
        List<ReferralStatusChanged> changes = eventually().until(() -> kafka.read(Topics.REFERRAL_STATUS,
                r -> id.equals(r.key())), records -> records.size() >= 6).stream().map(record -> {
                    Reading reading = EventReader.contract().read(record);
                    assertThat(reading).as("read as the contract reads it").isInstanceOf(Reading.Event.class);
                    assertThat(record.value()).doesNotContain("9434765919").doesNotContain("Fall at home");
                    return ((Reading.Event) reading).data(ReferralStatusChanged.class);
                }).toList();
        assertThat(changes).extracting(ReferralStatusChanged::sequence).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(changes).extracting(c -> c.status().name()).containsExactly("TRIAGED", "DECLINED", "TRIAGED",
                "ALLOCATED", "VISITED", "CANCELLED");
        assertThat(changes).extracting(ReferralStatusChanged::reasonCode).containsExactly(null, "MORE_INFORMATION_NEEDED",
                null, null, null, "PATIENT_ADMITTED");
        assertThat(changes.get(3).hubId()).isEqualTo("hub-charnwood");
        assertThat(changes.get(4).firstVisitAt()).isEqualTo(t.plusSeconds(300));
        assertThat(changes.get(1).previousStatus().name()).isEqualTo("TRIAGED");
        assertThat(changes).allSatisfy(c -> assertThat(c.referrerOdsCode()).isEqualTo(Referrals.ODS));
    }

    @Test
    void aReferrerFindsItsTasksByStatusAndDateAndNeverAnotherOrganisations() {
        String ods = "Q" + (10000 + ThreadLocalRandom.current().nextInt(89999));
        String other = "Q" + (10000 + ThreadLocalRandom.current().nextInt(89999)) + "X";
        Instant base = Instant.now().minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String older = refer(ods, base);
        String declined = refer(ods, base.plus(2, ChronoUnit.HOURS));
        String newer = refer(ods, base.plus(4, ChronoUnit.HOURS));
        triage(declined, 1, base.plus(3, ChronoUnit.HOURS), Pathway.NOT_ACCEPTED, "OUT_OF_AREA");
        IGenericClient own = client(ods);
        await(own, declined, Task.TaskStatus.REJECTED);

        assertThat(ids(own.search().forResource(Task.class).where(new TokenClientParam("status").exactly().code("rejected"))
                .returnBundle(Bundle.class).execute())).containsExactly(declined);
        assertThat(ids(own.search().forResource(Task.class)
                .where(new TokenClientParam("status").exactly().codes("received", "rejected"))
                .returnBundle(Bundle.class).execute())).containsExactly(newer, declined, older);
        assertThat(ids(own.search().forResource(Task.class)
                .where(new DateClientParam("authored-on").afterOrEquals().second(java.util.Date.from(base.plusSeconds(1))))
                .and(new DateClientParam("authored-on").before().second(java.util.Date.from(base.plus(4, ChronoUnit.HOURS))))
                .returnBundle(Bundle.class).execute())).containsExactly(declined);
        assertThat(ids(own.search().forResource(Task.class)
                .where(new DateClientParam("modified").afterOrEquals().second(java.util.Date.from(base.plus(3, ChronoUnit.HOURS))))
                .and(new DateClientParam("modified").before().second(java.util.Date.from(base.plus(4, ChronoUnit.HOURS))))
                .returnBundle(Bundle.class).execute())).as("the decline changed it at 3 h").containsExactly(declined);
        Bundle paged = own.search().forResource(Task.class).count(2).returnBundle(Bundle.class).execute();
        assertThat(paged.getTotal()).isEqualTo(3);
        assertThat(ids(own.loadPage().next(paged).execute())).containsExactly(older);
        assertThatThrownBy(() -> own.search().forResource(Task.class).where(new TokenClientParam("status").exactly()
                .code("declined")).returnBundle(Bundle.class).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(
                        ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue())
                        .isEqualTo("status"));

        // Another organisation's referrer: a 403 on the Task and the JSON, nothing in its searches.
        IGenericClient stranger = client(other);
        assertThatThrownBy(() -> stranger.read().resource(Task.class).withId(declined).execute())
                .isInstanceOf(ForbiddenOperationException.class);
        Bundle none = stranger.search().forResource(Task.class).where(new TokenClientParam("_id").exactly().code(declined))
                .returnBundle(Bundle.class).execute();
        assertThat(none.getTotal()).isZero();
        assertThat(none.getEntry()).isEmpty();
        String answer = given().auth().oauth2(TestTokens.referrer(other)).get("/api/referrals/" + declined)
                .then().statusCode(403).extract().asString();
        assertThat(answer).doesNotContain("OUT_OF_AREA").doesNotContain("9434765919");
        given().auth().oauth2(TestTokens.referrer(other)).get("/api/referrals?referrerOdsCode=" + ods + "&status=DECLINED")
                .then().statusCode(403);
    }

    private static String refer(String ods, Instant receivedAt) {
        var referral = Referrals.with(Referrals.with(Referrals.valid(), "receivedAt", receivedAt.toString()),
                "referrer.organisationOdsCode", ods);
        return given().auth().oauth2(TestTokens.referrer(ods)).contentType("application/json").body(Json.write(referral))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
    }

    static void triage(String id, int number, Instant at, Pathway pathway, String reason) {
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(),
                number, at, at.minusSeconds(600), pathway, pathway == Pathway.URGENT_CRISIS_RESPONSE
                        ? ResponseStandard.TWO_HOUR : pathway == Pathway.HOME_FIRST_REABLEMENT ? ResponseStandard.TWO_DAY : null,
                number == 1 ? "rules" : "clinician-7", reason, ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001",
                "county-and-rutland"));
    }

    static void visit(String id, Instant at, VisitOutcome outcome) {
        kafka.sendEvent(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id,
                "hub-charnwood", at, at.plusSeconds(30), outcome));
    }

    /** How many steps the referral's timeline shows its referrer. */
    private static int timeline(String id) {
        return given().auth().oauth2(TestTokens.referrer(Referrals.ODS)).get("/api/referrals/" + id).then().statusCode(200)
                .extract().jsonPath().getList("timeline").size();
    }

    static Task await(IGenericClient client, String id, Task.TaskStatus status) {
        return eventually().until(() -> client.read().resource(Task.class).withId(id).execute(),
                task -> task.getStatus() == status);
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }
}
