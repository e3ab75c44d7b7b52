package uk.nhs.homefirst.triage.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import uk.nhs.homefirst.events.ReferralCancelled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/** The referrals topic in, the assessments topic out, against a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class ReferralsConsumerIT extends FixturedIT {

    private static JsonPath triageCase(String referralId) {
        return given().when().get("/api/triage/" + referralId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitCase(String referralId, String status) {
        return eventually().until(() -> given().when().get("/api/triage/" + referralId),
                response -> response.statusCode() == 200 && status.equals(response.jsonPath().getString("status")))
                .jsonPath();
    }

    @Inject
    ReferralsConsumer consumer;

    @Inject
    SessionFactory sessions;

    private static ConsumerRecord<String, String> cloudEvent(long offset, String key, String id, String type, Object data) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.REFERRALS, 0, offset, key, Json.write(data));
        for (var header : Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, id, CloudEventHeaders.TYPE, type, CloudEventHeaders.SOURCE, "/homefirst/tests",
                CloudEventHeaders.TIME, Instant.now().toString(), CloudEventHeaders.SUBJECT, key,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON).entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void aBatchIsAppliedWithAFewStatementsWhateverItsSizeAndEachReferralAsIfAlone() {
        List<String> ids = new ArrayList<>();
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = FakeReferrals.newId();
            ids.add(id);
            batch.add(cloudEvent(i, id, UUID.randomUUID().toString(), ReferralReceived.TYPE,
                    FakeReferrals.received(id, minutesAgo(10), RequestedUrgency.URGENT, ClinicalNeed.FALLS)));
        }
        // Within the batch: a cancellation before its referral, and a referral repeated under a new event id.
        String cancelledFirst = ids.get(0);
        batch.add(0, cloudEvent(1000, cancelledFirst, UUID.randomUUID().toString(), ReferralCancelled.TYPE,
                FakeReferrals.cancelled(cancelledFirst, minutesAgo(1))));
        String repeated = ids.get(1);
        batch.add(cloudEvent(1001, repeated, UUID.randomUUID().toString(), ReferralReceived.TYPE,
                FakeReferrals.received(repeated, minutesAgo(10), RequestedUrgency.ROUTINE, ClinicalNeed.THERAPY_NEED)));
        Statistics statistics = sessions.getStatistics();
        long before = statistics.getPrepareStatementCount();

        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.REFERRALS, 0), batch), Map.of()));

        // Read by the batch, not per referral: 202 events were two statements each before.
        assertThat(statistics.getPrepareStatementCount() - before).as("statements Hibernate prepared for the batch")
                .isLessThan(20);
        JsonPath cancelled = triageCase(cancelledFirst);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getList("decisions")).isEmpty();
        JsonPath once = triageCase(repeated);
        assertThat(once.getList("decisions")).hasSize(1);
        assertThat(once.getString("requestedUrgency")).isEqualTo("URGENT");
        for (String id : ids.subList(2, ids.size())) {
            assertThat(triageCase(id).getList("decisions")).as(id).hasSize(1);
        }
        assertThat(topics.awaitTriaged(ids.get(199), 1)).hasSize(1);
    }

    @Test
    void aHospitalDischargeToABedIsBedBasedWithNoClockAndHomeWithSupportIsReablement() {
        String toABed = FakeReferrals.newId();
        String home = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.awaitingDischarge(toABed, minutesAgo(5), 3, ClinicalNeed.REABLEMENT_NEED));
        topics.sendReceived(FakeReferrals.awaitingDischarge(home, minutesAgo(5), 1, ClinicalNeed.WOUND_CARE));

        ReferralTriaged bed = Json.read(topics.awaitTriaged(toABed, 1).get(0).value(), ReferralTriaged.class);
        ReferralTriaged reablement = Json.read(topics.awaitTriaged(home, 1).get(0).value(), ReferralTriaged.class);

        assertThat(bed.pathway()).isEqualTo(Pathway.BED_BASED);
        assertThat(bed.standard()).as("no home clock").isNull();
        assertThat(bed.rule()).isEqualTo("DISCHARGE_TO_A_BED");
        assertThat(reablement.pathway()).isEqualTo(Pathway.HOME_FIRST_REABLEMENT);
        assertThat(reablement.standard()).isEqualTo(ResponseStandard.TWO_DAY);
        assertThat(reablement.rule()).isEqualTo("DISCHARGE_HOME_WITH_SUPPORT");
    }

    @Test
    void aReceivedReferralIsTriagedByTheRulesAndAnnouncedOnceAsACloudEvent() {
        String id = FakeReferrals.newId();
        Instant receivedAt = minutesAgo(25);
        Instant sent = Instant.now();
        topics.sendReceived(FakeReferrals.received(id, receivedAt, RequestedUrgency.CRISIS, ClinicalNeed.FALLS,
                ClinicalNeed.FRAILTY_DECOMPENSATION));

        ConsumerRecord<String, String> record = topics.awaitTriaged(id, 1).get(0);

        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo(ReferralTriaged.TYPE);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/homefirst/triage-service");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.ID)).isNotBlank();
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.DATA_SCHEMA))
                .isEqualTo("urn:uk-nhs-homefirst:schema:ReferralTriaged.v1");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        TriageTopics.assertConformsToTheContract(record);

        ReferralTriaged event = Json.read(record.value(), ReferralTriaged.class);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.decisionNumber()).isEqualTo(1);
        assertThat(event.pathway()).isEqualTo(Pathway.URGENT_CRISIS_RESPONSE);
        assertThat(event.standard()).isEqualTo(ResponseStandard.TWO_HOUR);
        assertThat(event.decidedBy()).isEqualTo("rules");
        assertThat(event.rule()).isEqualTo("CRISIS_REQUESTED");
        assertThat(event.receivedAt()).isEqualTo(receivedAt);
        assertThat(event.decidedAt()).isBetween(sent.minusSeconds(1), Instant.now());
        assertThat(Instant.parse(KafkaTestClient.header(record, CloudEventHeaders.TIME))).isEqualTo(event.decidedAt());
        assertThat(event.source()).isEqualTo(ReferralSource.AMBULANCE);
        assertThat(event.requestedUrgency()).isEqualTo(RequestedUrgency.CRISIS);
        assertThat(event.postcodeDistrict()).isEqualTo("LE11");
        assertThat(event.gpPracticeOdsCode()).isEqualTo("C82001");
        assertThat(event.ldu()).as("LE11, Loughborough").isEqualTo("county-and-rutland");
        assertThat(record.value()).doesNotContain(FakeReferrals.NHS_NUMBER, FakeReferrals.GIVEN_NAME,
                FakeReferrals.FAMILY_NAME, FakeReferrals.POSTCODE, FakeReferrals.PHONE, "1938-06-14");

        JsonPath stored = triageCase(id);
        assertThat(stored.getString("status")).isEqualTo("OPEN");
        assertThat(stored.getString("ldu")).isEqualTo("county-and-rutland");
        assertThat(stored.getList("decisions")).hasSize(1);
        assertThat(stored.getString("currentDecision.decisionId")).isEqualTo(event.decisionId());
        assertThat(stored.getString("currentDecision.rule")).isEqualTo("CRISIS_REQUESTED");
        assertThat(stored.getList("clinicalNeeds")).containsExactly("FALLS", "FRAILTY_DECOMPENSATION");
        assertThat(stored.prettify()).doesNotContain(FakeReferrals.NHS_NUMBER, FakeReferrals.FAMILY_NAME,
                FakeReferrals.POSTCODE, FakeReferrals.PHONE);

        eventually().during(Duration.ofSeconds(2)).until(() -> topics.triaged(id), records -> records.size() == 1);
    }

    @Test
    void theSameEventDeliveredTwiceMakesOneDecision() {
        String id = FakeReferrals.newId();
        String eventId = UUID.randomUUID().toString();
        String data = Json.write(FakeReferrals.received(id, minutesAgo(10), RequestedUrgency.URGENT,
                ClinicalNeed.DELIRIUM));
        topics.kafka().sendEvent(Topics.REFERRALS, id, eventId, ReferralReceived.TYPE, data);
        topics.kafka().sendEvent(Topics.REFERRALS, id, eventId, ReferralReceived.TYPE, data);
        // Same key, same partition: once the cancellation is applied, both deliveries before it were too.
        topics.sendCancelled(FakeReferrals.cancelled(id, Instant.now()));

        JsonPath stored = awaitCase(id, "CANCELLED");

        assertThat(stored.getList("decisions")).hasSize(1);
        assertThat(stored.getString("currentDecision.rule")).isEqualTo("URGENT_CRISIS_NEED");
        List<ConsumerRecord<String, String>> triaged = topics.awaitTriaged(id, 1);
        assertThat(triaged).hasSize(1);
    }

    @Test
    void theSameReferralUnderANewEventIdMakesNoSecondCaseNorDecision() {
        String id = FakeReferrals.newId();
        Instant receivedAt = minutesAgo(15);
        topics.sendReceived(FakeReferrals.received(id, receivedAt, RequestedUrgency.ROUTINE, ClinicalNeed.THERAPY_NEED));
        topics.sendReceived(FakeReferrals.received(id, receivedAt, RequestedUrgency.CRISIS, ClinicalNeed.FALLS));
        topics.sendCancelled(FakeReferrals.cancelled(id, Instant.now()));

        JsonPath stored = awaitCase(id, "CANCELLED");

        assertThat(stored.getList("decisions")).hasSize(1);
        assertThat(stored.getString("currentDecision.pathway")).isEqualTo("PLANNED_THERAPY");
        assertThat(stored.getString("requestedUrgency")).isEqualTo("ROUTINE");
        List<ConsumerRecord<String, String>> triaged = topics.awaitTriaged(id, 1);
        assertThat(triaged).hasSize(1);
        assertThat(Json.read(triaged.get(0).value(), ReferralTriaged.class).standard())
                .isEqualTo(ResponseStandard.EIGHTEEN_WEEK);
    }

    @Test
    void aReferralCancelledBeforeItArrivedIsNeverTriaged() {
        String id = FakeReferrals.newId();
        Instant cancelledAt = minutesAgo(2);
        topics.sendCancelled(FakeReferrals.cancelled(id, cancelledAt));
        given().when().get("/api/triage/" + id).then().statusCode(404);
        topics.sendReceived(FakeReferrals.received(id, minutesAgo(20), RequestedUrgency.CRISIS, ClinicalNeed.FALLS));

        JsonPath stored = awaitCase(id, "CANCELLED");

        assertThat(stored.getList("decisions")).isEmpty();
        assertThat(stored.getString("currentDecision")).isNull();
        assertThat(stored.getString("cancellationReason")).isEqualTo("PATIENT_ADMITTED");
        assertThat(Instant.parse(stored.getString("cancelledAt"))).isEqualTo(cancelledAt);
        assertThat(topics.triaged(id)).isEmpty();
        assertThat(given().when().get("/api/triage/queue?size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.referralId")).doesNotContain(id);
    }

    @Test
    void aCancellationAfterTriageClosesTheCaseAndARepeatChangesNothing() {
        String id = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.received(id, minutesAgo(30), RequestedUrgency.URGENT, ClinicalNeed.FALLS));
        topics.awaitTriaged(id, 1);
        Instant cancelledAt = minutesAgo(1);
        topics.sendCancelled(FakeReferrals.cancelled(id, cancelledAt));
        topics.sendCancelled(FakeReferrals.cancelled(id, Instant.now()));

        JsonPath stored = awaitCase(id, "CANCELLED");

        assertThat(Instant.parse(stored.getString("cancelledAt"))).isEqualTo(cancelledAt);
        assertThat(stored.getList("decisions")).hasSize(1);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheNextRecordIsProcessed() {
        String id = FakeReferrals.newId();
        topics.kafka().sendRaw(Topics.REFERRALS, id, "not json");
        topics.kafka().sendEvent(Topics.REFERRALS, id, UUID.randomUUID().toString(),
                "uk.nhs.homefirst.ReferralTeleported.v1", "{}");
        topics.kafka().sendEvent(Topics.REFERRALS, id, UUID.randomUUID().toString(), ReferralReceived.TYPE,
                "{\"referralId\": ");
        // The same key, so the same partition: the consumer must get past all three to triage this.
        topics.sendReceived(FakeReferrals.received(id, minutesAgo(5), RequestedUrgency.URGENT, ClinicalNeed.FALLS));

        ReferralTriaged triaged = Json.read(topics.awaitTriaged(id, 1).get(0).value(), ReferralTriaged.class);
        assertThat(triaged.decisionNumber()).isEqualTo(1);
        assertThat(triaged.pathway()).isEqualTo(Pathway.HOME_FIRST_REABLEMENT);

        List<ConsumerRecord<String, String>> dead = eventually()
                .until(() -> topics.deadLetters(id), records -> records.size() >= 3);
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetter.REASON))
                .containsExactlyInAnyOrder("header ce_specversion is missing",
                        "header ce_type is not an event type of the contract",
                        "the data is not valid JSON (line 1, column 16)");
        assertThat(dead).extracting(r -> KafkaTestClient.header(r, DeadLetter.CONSUMER)).containsOnly("triage-service");
        // No copy of the record's content (on this topic, patient data): the headers say where it is.
        assertThat(dead).extracting(ConsumerRecord::value).containsOnlyNulls();
        assertThat(dead).extracting(r -> topics.kafka().deadLetterOrigin(r).value())
                .containsExactlyInAnyOrder("not json", "{}", "{\"referralId\": ");
    }

    @Test
    void aReferralCarryingAFullPostcodeAsItsDistrictIsRefusedWithoutRepeatingIt() {
        String id = FakeReferrals.newId();
        ReferralReceived received = FakeReferrals.received(id, minutesAgo(5), RequestedUrgency.URGENT, ClinicalNeed.FALLS);
        String leaky = Json.write(received).replace("\"postcodeDistrict\":\"LE11\"", "\"postcodeDistrict\":\"LE11 3TU\"");
        assertThat(leaky).contains("\"postcodeDistrict\":\"LE11 3TU\"");
        topics.kafka().sendEvent(Topics.REFERRALS, id, UUID.randomUUID().toString(), ReferralReceived.TYPE, leaky);

        ConsumerRecord<String, String> dead = eventually()
                .until(() -> topics.deadLetters(id), records -> !records.isEmpty()).get(0);
        String reason = KafkaTestClient.header(dead, DeadLetter.REASON);
        assertThat(reason).contains("patient.postcodeDistrict").doesNotContain("LE11");
        assertThat(dead.value()).isNull();
        assertThat(dead.headers()).allSatisfy(header -> assertThat(
                header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8))
                .doesNotContain("LE11").doesNotContain(received.patient().nhsNumber())
                .doesNotContain(received.patient().familyName()));
        assertThat(topics.kafka().deadLetterOrigin(dead).value()).isEqualTo(leaky);
        given().when().get("/api/triage/" + id).then().statusCode(404);
    }
}
