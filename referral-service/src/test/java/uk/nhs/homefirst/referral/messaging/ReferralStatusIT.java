package uk.nhs.homefirst.referral.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.referral.support.Referrals.eventually;
import static uk.nhs.homefirst.referral.support.Referrals.valid;
import static uk.nhs.homefirst.referral.support.Referrals.with;
import static uk.nhs.homefirst.referral.support.Referrals.write;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.referral.support.Referrals;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralStatusChanged;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.SharedInfrastructure;

/**
 * The referrer's view: status and timeline built from the assessments, allocations and visits
 * topics, whatever order and however often their events arrive; and the list of an organisation's
 * referrals.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "referral"))
class ReferralStatusIT {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        Referrals.actAsTheReferrer();
        kafka = new KafkaTestClient(SharedInfrastructure.kafkaBootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    private static String refer(Instant receivedAt) {
        return refer(receivedAt, "C82001");
    }

    private static String refer(Instant receivedAt, String referrerOdsCode) {
        var referral = with(with(valid(), "receivedAt", receivedAt.toString()), "referrer.organisationOdsCode",
                referrerOdsCode);
        return given().contentType("application/json").body(write(referral)).when().post("/api/referrals")
                .then().statusCode(201).extract().path("id");
    }

    private static ReferralTriaged triaged(String id, String decisionId, int number, Instant at, Pathway pathway,
            ResponseStandard standard) {
        return new ReferralTriaged(id, decisionId, number, at, at.minusSeconds(600), pathway, standard, "rules",
                "CRISIS_REQUESTED", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001");
    }

    private static ReferralAllocated allocated(String id, String allocationId, int number, String hub, Instant at) {
        return new ReferralAllocated(id, allocationId, number, hub, at, AllocationMethod.POSTCODE_DISTRICT,
                Pathway.URGENT_CRISIS_RESPONSE);
    }

    private static VisitRecorded visit(String id, String visitId, Instant at, VisitOutcome outcome) {
        return new VisitRecorded(visitId, id, "hub-charnwood", at, at.plusSeconds(60), outcome);
    }

    private static String send(ReferralTriaged event) {
        return kafka.sendEvent(Topics.ASSESSMENTS, event.referralId(), ReferralTriaged.TYPE, event);
    }

    private static String send(ReferralAllocated event) {
        return kafka.sendEvent(Topics.ALLOCATIONS, event.referralId(), ReferralAllocated.TYPE, event);
    }

    private static String send(VisitRecorded event) {
        return kafka.sendEvent(Topics.VISITS, event.referralId(), VisitRecorded.TYPE, event);
    }

    private static JsonPath awaitReferral(String id, String status, int timelineEntries) {
        return eventually().until(() -> given().get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath(),
                view -> status.equals(view.getString("status")) && view.getList("timeline").size() == timelineEntries);
    }

    @Inject
    StatusEventsConsumer consumer;

    @Inject
    SessionFactory sessions;

    private static ConsumerRecord<String, String> cloudEvent(long offset, String eventId, ReferralTriaged event) {
        String key = event.referralId();
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.ASSESSMENTS, 0, offset, key, Json.write(event));
        for (var header : Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, eventId, CloudEventHeaders.TYPE, ReferralTriaged.TYPE,
                CloudEventHeaders.SOURCE, "/homefirst/tests", CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.SUBJECT, key, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON).entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void aBatchIsAppliedWithAFewStatementsWhateverItsSizeAndEachReferralAsIfAlone() {
        Instant received = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = refer(received);
            ids.add(id);
            // Two decisions of each referral in the one batch: the status counts both.
            batch.add(cloudEvent(batch.size(), UUID.randomUUID().toString(), triaged(id, UUID.randomUUID().toString(), 1,
                    received.plusSeconds(300), Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR)));
            batch.add(cloudEvent(batch.size(), UUID.randomUUID().toString(), triaged(id, UUID.randomUUID().toString(), 2,
                    received.plusSeconds(400), Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY)));
        }
        // The same decision under a new event id adds nothing; a decision about a referral not stored is kept.
        ReferralTriaged first = Json.read(batch.get(0).value(), ReferralTriaged.class);
        batch.add(cloudEvent(batch.size(), UUID.randomUUID().toString(), first));
        String unknown = UUID.randomUUID().toString();
        batch.add(cloudEvent(batch.size(), UUID.randomUUID().toString(), triaged(unknown, UUID.randomUUID().toString(), 1,
                received.plusSeconds(300), Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR)));
        Statistics statistics = sessions.getStatistics();
        long before = statistics.getPrepareStatementCount();

        consumer.assessments(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.ASSESSMENTS, 0), batch), Map.of()));

        // Read by the batch, not per event: 62 events were two statements each before, and a flush.
        assertThat(statistics.getPrepareStatementCount() - before).as("statements Hibernate prepared for the batch")
                .isLessThan(20);
        for (String id : ids) {
            JsonPath view = given().get("/api/referrals/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(view.getString("status")).as(id).isEqualTo("TRIAGED");
            assertThat(view.getList("timeline")).as(id).hasSize(3);
        }
    }

    @Test
    void aReferralIsFollowedFromReceivedToVisited() {
        Instant received = Instant.now().minus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);

        send(triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(300), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR));
        awaitReferral(id, "TRIAGED", 2);
        send(allocated(id, UUID.randomUUID().toString(), 1, "hub-charnwood", received.plusSeconds(600)));
        awaitReferral(id, "ALLOCATED", 3);
        send(visit(id, UUID.randomUUID().toString(), received.plusSeconds(3000), VisitOutcome.PATIENT_NOT_AT_HOME));
        awaitReferral(id, "ALLOCATED", 4);
        send(visit(id, UUID.randomUUID().toString(), received.plusSeconds(4000), VisitOutcome.ATTENDED));

        JsonPath view = awaitReferral(id, "VISITED", 5);
        assertThat(view.getList("timeline.kind")).containsExactly("RECEIVED", "TRIAGED", "ALLOCATED", "VISIT", "VISIT");
        assertThat(view.getString("timeline[1].pathway")).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(view.getString("timeline[1].standard")).isEqualTo("TWO_HOUR");
        assertThat(view.getInt("timeline[1].decisionNumber")).isEqualTo(1);
        assertThat(view.getString("timeline[2].hubId")).isEqualTo("hub-charnwood");
        assertThat(view.getList("timeline.findAll { it.kind == 'VISIT' }.outcome")).containsExactly("PATIENT_NOT_AT_HOME", "ATTENDED");
        assertThat(view.getString("pathway")).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(view.getString("hubId")).isEqualTo("hub-charnwood");
        assertThat(Instant.parse(view.getString("timeline[4].at"))).isEqualTo(received.plusSeconds(4000));

        given().contentType("application/json").body("{\"reason\": \"PATIENT_ADMITTED\"}")
                .post("/api/referrals/" + id + "/cancellation").then().statusCode(200);
        JsonPath cancelled = awaitReferral(id, "CANCELLED", 6);
        assertThat(cancelled.getList("timeline.kind")).endsWith("CANCELLED");
    }

    @Test
    void eventsInAnyOrderGiveTheTimelineInBusinessTimeOrder() {
        Instant received = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);

        // The visit first, then the re-allocation, the re-triage, the allocation and the first decision.
        send(visit(id, UUID.randomUUID().toString(), received.plusSeconds(5400), VisitOutcome.ATTENDED));
        send(allocated(id, UUID.randomUUID().toString(), 2, "hub-melton", received.plusSeconds(2400)));
        send(triaged(id, UUID.randomUUID().toString(), 2, received.plusSeconds(1800), Pathway.HOME_FIRST_REABLEMENT,
                ResponseStandard.TWO_DAY));
        send(allocated(id, UUID.randomUUID().toString(), 1, "hub-charnwood", received.plusSeconds(1200)));
        send(triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(600), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR));

        JsonPath view = awaitReferral(id, "VISITED", 6);
        assertThat(view.getList("timeline.kind")).containsExactly("RECEIVED", "TRIAGED", "ALLOCATED", "TRIAGED",
                "ALLOCATED", "VISIT");
        assertThat(view.getList("timeline.findAll { it.kind == 'TRIAGED' }.decisionNumber")).containsExactly(1, 2);
        assertThat(view.getList("timeline.findAll { it.kind == 'ALLOCATED' }.allocationNumber")).containsExactly(1, 2);
        assertThat(view.getString("pathway")).as("the decision with the highest number stands")
                .isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(view.getString("hubId")).isEqualTo("hub-melton");
    }

    @Test
    void statusChangedAtNeverGoesBackWhenEventsArriveOutOfOrder() {
        Instant received = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);
        send(visit(id, UUID.randomUUID().toString(), received.plusSeconds(5400), VisitOutcome.ATTENDED));
        JsonPath visited = awaitReferral(id, "VISITED", 2);
        assertThat(Instant.parse(visited.getString("statusChangedAt"))).isEqualTo(received.plusSeconds(5400));

        // Late: the decision and allocation that came before the visit change the pathway and hub, not when it last changed.
        send(triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(600), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR));
        send(allocated(id, UUID.randomUUID().toString(), 1, "hub-charnwood", received.plusSeconds(1200)));
        JsonPath view = awaitReferral(id, "VISITED", 4);
        assertThat(view.getString("hubId")).isEqualTo("hub-charnwood");
        assertThat(Instant.parse(view.getString("statusChangedAt"))).isEqualTo(received.plusSeconds(5400));
        JsonPath task = given().accept("application/fhir+json").get("/fhir/Task/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertThat(java.time.OffsetDateTime.parse(task.getString("lastModified")).toInstant())
                .isEqualTo(received.plusSeconds(5400));
        assertThat(java.time.OffsetDateTime.parse(task.getString("meta.lastUpdated")).toInstant())
                .isEqualTo(received.plusSeconds(5400));
    }

    @Test
    void aHubsSendBackIsToldToTheReferrerAsBackWithTheLduCodedAndWithoutTheHub() {
        Instant received = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);
        send(triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(600), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR));
        send(allocated(id, UUID.randomUUID().toString(), 1, "hub-charnwood", received.plusSeconds(900)));
        awaitReferral(id, "ALLOCATED", 3);
        kafka.sendEvent(Topics.ALLOCATIONS, id, ReferralSentBack.TYPE, new ReferralSentBack(id,
                UUID.randomUUID().toString(), "hub-charnwood", 1, SendBackReason.NEEDS_MORE_INFORMATION,
                received.plusSeconds(1800), "hub-nurse-7", "county-and-rutland"));

        JsonPath back = awaitReferral(id, "SENT_BACK", 4);
        assertThat(back.getString("hubId")).as("no hub holds it").isNull();
        assertThat(back.getString("pathway")).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(back.getString("sentBack.reasonCode")).isEqualTo("NEEDS_MORE_INFORMATION");
        assertThat(back.getString("sentBack.reason")).contains("back to the LDU");
        assertThat(back.getString("sentBack.hubId")).isEqualTo("hub-charnwood");
        assertThat(back.getString("timeline[3].kind")).isEqualTo("SENT_BACK");
        assertThat(back.getInt("timeline[3].allocationNumber")).isEqualTo(1);
        JsonPath task = given().accept("application/fhir+json").get("/fhir/Task/" + id).then().statusCode(200).extract()
                .jsonPath();
        assertThat(task.getString("status")).isEqualTo("on-hold");
        assertThat(task.getString("statusReason.coding[0].code")).isEqualTo("NEEDS_MORE_INFORMATION");
        assertThat(task.getString("owner")).as("no hub owns it").isNull();
        assertThat(given().get("/api/referrals?referrerOdsCode=C82001&status=SENT_BACK").then().statusCode(200).extract()
                .jsonPath().getList("items.id")).contains(id);

        List<ConsumerRecord<String, String>> changes = eventually().until(() -> kafka.read(Topics.REFERRAL_STATUS,
                r -> id.equals(r.key())), records -> records.stream().anyMatch(r -> r.value().contains("SENT_BACK")));
        ReferralStatusChanged told = changes.stream().map(r -> Json.read(r.value(), ReferralStatusChanged.class))
                .filter(c -> c.status() == uk.nhs.homefirst.events.ReferralStatus.SENT_BACK).findFirst().orElseThrow();
        assertThat(told.previousStatus()).isEqualTo(uk.nhs.homefirst.events.ReferralStatus.ALLOCATED);
        assertThat(told.hubId()).isNull();
        assertThat(told.reasonCode()).isEqualTo("NEEDS_MORE_INFORMATION");
        assertThat(told.changedAt()).isEqualTo(received.plusSeconds(1800));

        // The LDU allocates it again: a hub holds it, and the referrer is told so.
        send(allocated(id, UUID.randomUUID().toString(), 2, "hub-melton", received.plusSeconds(2400)));
        JsonPath again = awaitReferral(id, "ALLOCATED", 5);
        assertThat(again.getString("hubId")).isEqualTo("hub-melton");
        assertThat(again.getString("sentBack")).isNull();
    }

    @Test
    void aRedeliveryAndTheSameDecisionUnderANewEventIdChangeNothing() {
        Instant received = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);
        ReferralTriaged first = triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(60),
                Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR);
        String eventId = UUID.randomUUID().toString();

        kafka.sendEvent(Topics.ASSESSMENTS, id, eventId, ReferralTriaged.TYPE, Json.write(first));
        kafka.sendEvent(Topics.ASSESSMENTS, id, eventId, ReferralTriaged.TYPE, Json.write(first));
        send(first);
        // Same key, same partition: once the second decision shows, every record before it was applied.
        send(triaged(id, UUID.randomUUID().toString(), 2, received.plusSeconds(120), Pathway.NOT_ACCEPTED, null));

        JsonPath view = awaitReferral(id, "DECLINED", 3);
        assertThat(view.getList("timeline.findAll { it.kind == 'TRIAGED' }.decisionNumber")).containsExactly(1, 2);
        assertThat(view.getList("timeline.findAll { it.kind == 'TRIAGED' }.standard")).containsExactly("TWO_HOUR", "NONE");
        assertThat(view.getString("pathway")).isEqualTo("NOT_ACCEPTED");
    }

    @Test
    void poisonRecordsGoToTheirDeadLetterTopicWithTheirReasonAndTheNextRecordIsApplied() {
        String id = refer(Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS));
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES);

        kafka.sendRaw(Topics.ASSESSMENTS, id, "not json");
        kafka.sendEvent(Topics.ASSESSMENTS, id, UUID.randomUUID().toString(), "uk.nhs.homefirst.ReferralTeleported.v1", "{}");
        kafka.sendEvent(Topics.ASSESSMENTS, id, UUID.randomUUID().toString(), ReferralTriaged.TYPE, "{\"referralId\": ");
        kafka.sendEvent(Topics.ASSESSMENTS, id, UUID.randomUUID().toString(), ReferralTriaged.TYPE,
                Json.write(triaged(UUID.randomUUID().toString(), UUID.randomUUID().toString(), 1, at, Pathway.BED_BASED, null)));
        kafka.sendEvent(Topics.ALLOCATIONS, id, UUID.randomUUID().toString(), ReferralAllocated.TYPE,
                Json.write(allocated(id, null, 1, "hub-charnwood", at)));
        kafka.sendEvent(Topics.VISITS, id, UUID.randomUUID().toString(), VisitRecorded.TYPE,
                Json.write(visit(id, UUID.randomUUID().toString(), at, VisitOutcome.ATTENDED)).replace("\"ATTENDED\"", "\"WAVED\""));
        send(triaged(id, UUID.randomUUID().toString(), 1, at, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR));
        send(allocated(id, UUID.randomUUID().toString(), 1, "hub-charnwood", at.plusSeconds(60)));
        send(visit(id, UUID.randomUUID().toString(), at.plusSeconds(120), VisitOutcome.CANCELLED));

        JsonPath view = awaitReferral(id, "ALLOCATED", 4);
        assertThat(view.getList("timeline.kind")).containsExactly("RECEIVED", "TRIAGED", "ALLOCATED", "VISIT");

        List<ConsumerRecord<String, String>> assessments = eventually()
                .until(() -> kafka.read(Topics.ASSESSMENTS_DLQ, r -> id.equals(r.key())), found -> found.size() >= 4);
        assertThat(assessments).extracting(r -> KafkaTestClient.header(r, DeadLetter.REASON)).containsExactlyInAnyOrder(
                "header ce_specversion is missing",
                "header ce_type is not an event type of the contract",
                "the data is not valid JSON (line 1, column 16)",
                "ReferralTriaged field 'referralId' is not the record key");
        assertThat(assessments).extracting(ConsumerRecord::value).containsOnlyNulls();
        assertThat(assessments).extracting(r -> KafkaTestClient.header(r, DeadLetter.CONSUMER))
                .containsOnly("referral-service/assessments");
        assertThat(assessments).extracting(r -> kafka.deadLetterOrigin(r).value()).contains("not json");
        ConsumerRecord<String, String> allocation = eventually()
                .until(() -> kafka.read(Topics.ALLOCATIONS_DLQ, r -> id.equals(r.key())), found -> found.size() >= 1).get(0);
        assertThat(KafkaTestClient.header(allocation, DeadLetter.REASON)).contains("allocationId");
        ConsumerRecord<String, String> visitRecord = eventually()
                .until(() -> kafka.read(Topics.VISITS_DLQ, r -> id.equals(r.key())), found -> found.size() >= 1).get(0);
        assertThat(KafkaTestClient.header(visitRecord, DeadLetter.REASON)).contains("outcome");
    }

    @Test
    void anOrganisationListsItsReferralsByTimeReceivedWithTheirStatusPageByPage() {
        String ods = "Q" + (10000 + ThreadLocalRandom.current().nextInt(89999));
        // An organisation of its own, so that its list holds this test's referrals only.
        RestAssured.authentication = RestAssured.oauth2(TestTokens.referrer(ods, Referrals.ODS));
        try {
            listsByOrganisation(ods);
        } finally {
            Referrals.actAsTheReferrer();
        }
    }

    private void listsByOrganisation(String ods) {
        Instant base = Instant.now().minus(40, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String oldest = refer(base, ods);
        String second = refer(base.plus(1, ChronoUnit.HOURS), ods);
        String third = refer(base.plus(2, ChronoUnit.HOURS), ods);
        String fourth = refer(base.plus(3, ChronoUnit.HOURS), ods);
        String newest = refer(base.plus(4, ChronoUnit.HOURS), ods);
        refer(base.plus(2, ChronoUnit.HOURS), "C82001");
        send(triaged(fourth, UUID.randomUUID().toString(), 1, base.plus(3, ChronoUnit.HOURS).plusSeconds(60),
                Pathway.PLANNED_THERAPY, ResponseStandard.EIGHTEEN_WEEK));
        awaitReferral(fourth, "TRIAGED", 2);

        JsonPath page0 = list("referrerOdsCode=" + ods.toLowerCase() + "&size=2");
        assertThat(page0.getLong("totalItems")).isEqualTo(5);
        assertThat(page0.getLong("totalPages")).isEqualTo(3);
        assertThat(page0.getList("items.id")).containsExactly(newest, fourth);
        assertThat(page0.getList("items.status")).containsExactly("RECEIVED", "TRIAGED");
        assertThat(page0.getList("items.pathway")).containsExactly(null, "PLANNED_THERAPY");
        assertThat(page0.getString("items[0].patient.nhsNumber")).isEqualTo("9434765919");
        assertThat(list("referrerOdsCode=" + ods + "&size=2&page=2").getList("items.id")).containsExactly(oldest);
        assertThat(list("referrerOdsCode=" + ods + "&size=2&page=3").getList("items")).isEmpty();

        JsonPath range = list("referrerOdsCode=" + ods + "&from=" + base.plus(1, ChronoUnit.HOURS) + "&to="
                + base.plus(3, ChronoUnit.HOURS));
        assertThat(range.getList("items.id")).as("from inclusive, to exclusive").containsExactly(third, second);
        assertThat(range.getInt("size")).isEqualTo(50);
        assertThat(range.getLong("totalItems")).isEqualTo(2);

        send(declined(second, 2, base.plus(1, ChronoUnit.HOURS).plusSeconds(900), "OUT_OF_AREA"));
        awaitReferral(second, "DECLINED", 2);
        JsonPath declined = list("referrerOdsCode=" + ods + "&status=DECLINED,TRIAGED");
        assertThat(declined.getList("items.id")).containsExactly(fourth, second);
        assertThat(declined.getList("items.declineReasonCode")).containsExactly(null, "OUT_OF_AREA");
        assertThat(list("referrerOdsCode=" + ods + "&status=DECLINED&from=" + base.plus(2, ChronoUnit.HOURS))
                .getList("items")).as("status and date together").isEmpty();
        given().get("/api/referrals?referrerOdsCode=" + ods + "&status=REFUSED").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("status"));
    }

    private static ReferralTriaged declined(String id, int number, Instant at, String reason) {
        return new ReferralTriaged(id, UUID.randomUUID().toString(), number, at, at.minusSeconds(600), Pathway.NOT_ACCEPTED,
                null, "clinician-7", reason, ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001");
    }

    @Test
    void aDeclinedReferralSaysWhyInWordsTheReferrerCanActOnUntilALaterDecisionAcceptsIt() {
        Instant received = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String id = refer(received);
        send(triaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(60), Pathway.URGENT_CRISIS_RESPONSE,
                ResponseStandard.TWO_HOUR));
        send(declined(id, 2, received.plusSeconds(600), "OUT_OF_AREA"));

        JsonPath view = awaitReferral(id, "DECLINED", 3);
        assertThat(view.getString("decline.reasonCode")).isEqualTo("OUT_OF_AREA");
        assertThat(view.getString("decline.reason")).startsWith("The patient's address is outside the area")
                .contains("Refer to the community services of the area where the patient lives.");
        assertThat(Instant.parse(view.getString("decline.decidedAt"))).isEqualTo(received.plusSeconds(600));
        assertThat(Instant.parse(view.getString("statusChangedAt"))).isEqualTo(received.plusSeconds(600));
        assertThat(view.getString("timeline[2].reason")).isEqualTo("OUT_OF_AREA");
        assertThat(view.getString("firstVisit")).isNull();

        send(triaged(id, UUID.randomUUID().toString(), 3, received.plusSeconds(900), Pathway.HOME_FIRST_REABLEMENT,
                ResponseStandard.TWO_DAY));
        JsonPath accepted = awaitReferral(id, "TRIAGED", 4);
        assertThat(accepted.getString("decline")).isNull();
        assertThat(accepted.getString("pathway")).isEqualTo("HOME_FIRST_REABLEMENT");
        String visitId = UUID.randomUUID().toString();
        send(visit(id, visitId, received.plusSeconds(3600), VisitOutcome.ATTENDED));
        JsonPath visited = awaitReferral(id, "VISITED", 5);
        assertThat(Instant.parse(visited.getString("firstVisit.at"))).isEqualTo(received.plusSeconds(3600));
        assertThat(visited.getString("firstVisit.hubId")).isEqualTo("hub-charnwood");

        // Hub staff void the visit: it no longer counts for the referrer either.
        kafka.sendEvent(Topics.VISITS, id, VisitVoided.TYPE, new VisitVoided(visitId, id, "hub-charnwood", 1,
                received.plusSeconds(5000), VisitChangeReason.DID_NOT_TAKE_PLACE, null));
        JsonPath voided = awaitReferral(id, "TRIAGED", 6);
        assertThat(voided.getString("firstVisit")).isNull();
        assertThat(voided.getList("timeline.reason")).contains("VOIDED");
    }

    private static JsonPath list(String query) {
        return given().urlEncodingEnabled(false).get("/api/referrals?" + query.replace("+", "%2B")).then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }
}
