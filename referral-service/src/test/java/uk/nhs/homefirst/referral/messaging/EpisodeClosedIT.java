package uk.nhs.homefirst.referral.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralStatusChanged;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.fhir.TaskView;
import uk.nhs.homefirst.referral.support.Referrals;

/**
 * The referrer hears that hub staff closed the episode: EpisodeClosed on the real allocations topic,
 * then the referral read as JSON and as a FHIR Task, found by its new status, and announced on
 * referral-status; a repeated closure, a visit recorded late and an allocation after it change only
 * what they should.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class EpisodeClosedIT {

    private static final FhirContext FHIR = FhirContext.forR4();
    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Not ready until HAPI's validator has loaded (FhirWarmUp). */
    @BeforeEach
    void ready() {
        Referrals.awaitReady();
    }

    @Test
    void theReferrerReadsHowAndWhenTheEpisodeEndedAsJsonAsACompletedTaskAndOnReferralStatus() {
        // An organisation of its own, so that its searches hold this test's referral only.
        String ods = "Q" + (10000 + ThreadLocalRandom.current().nextInt(89999));
        String token = TestTokens.referrer(ods);
        String id = refer(ods, token);
        Instant t = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        // The day of the closure: the visit at t + 30 min is then never after it, as on the day of t it was
        // when t fell in the last half hour before London midnight (the Task leaves out such a visit).
        LocalDate outcomeDate = LocalDate.ofInstant(t.plusSeconds(3600), ZoneId.of("Europe/London"));
        kafka.sendEvent(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id, UUID.randomUUID().toString(),
                1, t, t.minusSeconds(600), Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "rules",
                "CLINICAL_JUDGEMENT", ReferralSource.GP, RequestedUrgency.URGENT, "LE11", "C82001", "county-and-rutland"));
        // The topics are not ordered with each other: the decision first, so that each is a change of its own.
        await(id, token, "TRIAGED", 2);
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, "hub-charnwood", t.plusSeconds(60), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.HOME_FIRST_REABLEMENT));
        await(id, token, "ALLOCATED", 3);

        EpisodeClosed closure = new EpisodeClosed(id, "hub-charnwood", Pathway.HOME_FIRST_REABLEMENT,
                EpisodeOutcome.ADMITTED_TO_HOSPITAL, outcomeDate, t.plusSeconds(3600));
        String closureEvent = kafka.sendEvent(Topics.ALLOCATIONS, id, EpisodeClosed.TYPE, closure);

        JsonPath closed = await(id, token, "CLOSED", 4);
        assertThat(closed.getString("closure.outcome")).isEqualTo("ADMITTED_TO_HOSPITAL");
        assertThat(closed.getString("closure.description")).isEqualTo("Admitted to hospital.");
        assertThat(closed.getString("closure.outcomeDate")).isEqualTo(outcomeDate.toString());
        assertThat(Instant.parse(closed.getString("closure.closedAt"))).isEqualTo(t.plusSeconds(3600));
        assertThat(closed.getString("closure.hubId")).isEqualTo("hub-charnwood");
        assertThat(Instant.parse(closed.getString("statusChangedAt"))).isEqualTo(t.plusSeconds(3600));
        assertThat(closed.getString("pathway")).isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(closed.getString("firstVisit")).isNull();
        assertThat(closed.getList("timeline.kind")).containsExactly("RECEIVED", "TRIAGED", "ALLOCATED", "CLOSED");
        assertThat(closed.getString("timeline[3].outcome")).isEqualTo("ADMITTED_TO_HOSPITAL");
        assertThat(closed.getString("timeline[3].outcomeDate")).isEqualTo(outcomeDate.toString());
        assertThat(closed.getString("timeline[3].hubId")).isEqualTo("hub-charnwood");

        IGenericClient system = FHIR.newRestfulGenericClient("http://localhost:" + RestAssured.port + "/fhir");
        system.registerInterceptor(new BearerTokenAuthInterceptor(token));
        Task task = system.read().resource(Task.class).withId(id).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.getStatusReason().getCodingFirstRep().getSystem()).isEqualTo(TaskView.EPISODE_OUTCOME);
        assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("ADMITTED_TO_HOSPITAL");
        assertThat(task.getStatusReason().getText()).isEqualTo("Admitted to hospital.");
        assertThat(task.getBusinessStatus().getCodingFirstRep().getCode()).as("the pathway, as in every status")
                .isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(task.getExecutionPeriod().getEndElement().getValueAsString()).isEqualTo(outcomeDate.toString());
        assertThat(task.getExecutionPeriod().hasStart()).isFalse();
        assertThat(task.getMeta().getVersionId()).isEqualTo("4");
        assertThat(system.read().resource(ServiceRequest.class).withId(id).execute().getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);

        assertThat(given().auth().oauth2(token).get("/api/referrals?referrerOdsCode=" + ods + "&status=CLOSED")
                .then().statusCode(200).extract().jsonPath().getList("items.id")).containsExactly(id);
        assertThat(given().auth().oauth2(token).get("/api/referrals?referrerOdsCode=" + ods + "&status=ALLOCATED,VISITED")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
        Bundle completed = system.search().forResource(Task.class)
                .where(new TokenClientParam("status").exactly().code("completed")).returnBundle(Bundle.class).execute();
        assertThat(completed.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).containsExactly(id);

        // The closure again (redelivered, then under a new event id), a visit that saw the patient before the
        // closure recorded only now, and an allocation after it: the visit shows, nothing else changes.
        kafka.sendEvent(Topics.ALLOCATIONS, id, closureEvent, EpisodeClosed.TYPE, Json.write(closure));
        kafka.sendEvent(Topics.ALLOCATIONS, id, EpisodeClosed.TYPE, closure);
        kafka.sendEvent(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(), id,
                "hub-charnwood", t.plusSeconds(1800), t.plusSeconds(7000), VisitOutcome.ATTENDED));
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 2, "hub-melton", t.plusSeconds(5000), AllocationMethod.POSTCODE_DISTRICT,
                Pathway.HOME_FIRST_REABLEMENT));
        JsonPath late = await(id, token, "CLOSED", 6);
        assertThat(late.getList("timeline.kind")).containsExactly("RECEIVED", "TRIAGED", "ALLOCATED", "VISIT", "CLOSED",
                "ALLOCATED");
        assertThat(Instant.parse(late.getString("firstVisit.at"))).isEqualTo(t.plusSeconds(1800));
        assertThat(late.getString("hubId")).as("the hub that closed it").isEqualTo("hub-charnwood");
        assertThat(late.getString("closure.outcome")).isEqualTo("ADMITTED_TO_HOSPITAL");
        task = system.read().resource(Task.class).withId(id).execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.getExecutionPeriod().getStart().toInstant()).isEqualTo(t.plusSeconds(1800));
        assertThat(task.getMeta().getVersionId()).as("the late first visit is the one change since").isEqualTo("5");

        // Nothing left to withdraw once the hub ended the care.
        given().auth().oauth2(token).contentType("application/json").body("{\"reason\": \"PATIENT_ADMITTED\"}")
                .post("/api/referrals/" + id + "/cancellation").then().statusCode(409);
        assertThat(given().auth().oauth2(token).get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath()
                .getString("cancellation")).isNull();

        // Announced for integrators: codes only, the outcome as the reason, no patient identifier.
        List<ReferralStatusChanged> changes = eventually().until(() -> kafka.read(Topics.REFERRAL_STATUS,
                r -> id.equals(r.key())), records -> records.size() >= 4).stream().map(record -> {
                    Reading reading = EventReader.contract().read(record);
                    assertThat(reading).as("read as the contract reads it").isInstanceOf(Reading.Event.class);
                    assertThat(record.value()).doesNotContain("9434765919");
                    return ((Reading.Event) reading).data(ReferralStatusChanged.class);
                }).toList();
        assertThat(changes).extracting(ReferralStatusChanged::sequence).containsExactly(1, 2, 3, 4);
        assertThat(changes).extracting(c -> c.status().name()).containsExactly("TRIAGED", "ALLOCATED", "CLOSED", "CLOSED");
        assertThat(changes).extracting(ReferralStatusChanged::reasonCode).containsExactly(null, null,
                "ADMITTED_TO_HOSPITAL", "ADMITTED_TO_HOSPITAL");
        assertThat(changes).extracting(ReferralStatusChanged::outcomeDate).containsExactly(null, null, outcomeDate,
                outcomeDate);
        assertThat(changes.get(2).changedAt()).isEqualTo(t.plusSeconds(3600));
        assertThat(changes.get(2).previousStatus().name()).isEqualTo("ALLOCATED");
        assertThat(changes.get(2).firstVisitAt()).isNull();
        assertThat(changes.get(3).firstVisitAt()).isEqualTo(t.plusSeconds(1800));
        assertThat(changes).allSatisfy(c -> assertThat(c.hubId()).isIn(null, "hub-charnwood"));
    }

    private static String refer(String ods, String token) {
        var referral = Referrals.with(Referrals.with(Referrals.valid(), "receivedAt",
                Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()),
                "referrer.organisationOdsCode", ods);
        return given().auth().oauth2(token).contentType("application/json").body(Json.write(referral))
                .post("/api/referrals").then().statusCode(201).extract().path("id");
    }

    private static JsonPath await(String id, String token, String status, int timelineEntries) {
        return eventually().until(() -> given().auth().oauth2(token).get("/api/referrals/" + id).then().statusCode(200)
                .extract().jsonPath(), view -> status.equals(view.getString("status"))
                        && view.getList("timeline").size() == timelineEntries);
    }
}
