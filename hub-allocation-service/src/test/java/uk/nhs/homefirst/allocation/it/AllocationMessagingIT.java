package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static uk.nhs.homefirst.allocation.it.Fixtures.PATIENCE;
import static uk.nhs.homefirst.allocation.it.Fixtures.allocation;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import uk.nhs.homefirst.allocation.cases.ReferralCases;
import uk.nhs.homefirst.allocation.messaging.AssessmentsConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/** Allocation from triage decisions and cancellations, against a real broker and a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class AllocationMessagingIT extends FixturedIT {

    @Inject
    AssessmentsConsumer consumer;

    @Inject
    SessionFactory sessions;

    private static ConsumerRecord<String, String> cloudEvent(long offset, ReferralTriaged decision) {
        String key = decision.referralId();
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.ASSESSMENTS, 0, offset, key, Json.write(decision));
        for (var header : Map.of(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                CloudEventHeaders.ID, UUID.randomUUID().toString(), CloudEventHeaders.TYPE, ReferralTriaged.TYPE,
                CloudEventHeaders.SOURCE, "/homefirst/tests", CloudEventHeaders.TIME, Instant.now().toString(),
                CloudEventHeaders.SUBJECT, key, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON).entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void aBatchIsAppliedWithAFewStatementsWhateverItsSizeAndEachReferralAsIfAlone() {
        Instant received = anHourAgo();
        String cancelledBefore = newReferralId();
        fixtures.awaitProcessed(kafka.sendEvent(Topics.REFERRALS, cancelledBefore, ReferralCancelled.TYPE,
                new ReferralCancelled(cancelledBefore, received.plus(Duration.ofMinutes(10)),
                        CancellationReason.PATIENT_ADMITTED, null)));
        List<String> ids = new ArrayList<>();
        List<ConsumerRecord<String, String>> batch = new ArrayList<>();
        ids.add(cancelledBefore);
        for (int i = 1; i < 200; i++) {
            ids.add(newReferralId());
        }
        for (String id : ids) {
            batch.add(cloudEvent(batch.size(), decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR,
                    "LE11", received)));
        }
        // Within the batch, a re-triage from a district another hub covers: the referral keeps its hub.
        String reTriaged = ids.get(1);
        batch.add(cloudEvent(batch.size(), decision(reTriaged, 2, Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY,
                "LE2", received)));
        Statistics statistics = sessions.getStatistics();
        long before = statistics.getPrepareStatementCount();

        consumer.onAssessments(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.ASSESSMENTS, 0), batch), Map.of()));

        // Read by the batch, not per decision: 201 decisions were three statements or more each before.
        assertThat(statistics.getPrepareStatementCount() - before).as("statements Hibernate prepared for the batch")
                .isLessThan(20);
        given().get("/api/allocations/" + cancelledBefore).then()
                .body("status", equalTo("CANCELLED"))
                .body("cancellationReason", equalTo("PATIENT_ADMITTED"));
        JsonPath kept = allocation(reTriaged);
        assertThat(kept.getString("hubId")).isEqualTo("charnwood-nwl");
        assertThat(kept.getString("pathway")).isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(kept.getList("allocations")).hasSize(1);
        for (String id : ids.subList(2, ids.size())) {
            JsonPath allocated = allocation(id);
            assertThat(allocated.getString("hubId")).as(id).isEqualTo("charnwood-nwl");
            assertThat(allocated.getList("allocations")).as(id).hasSize(1);
        }
    }

    @Test
    void aReferralTriagedInLe11IsAllocatedToCharnwoodOnceAndAnnouncedAsACloudEvent() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE11", received));

        JsonPath referral = awaitAllocated(id);
        assertThat(referral.getString("hubId")).isEqualTo("charnwood-nwl");
        assertThat(referral.getString("status")).isEqualTo("ALLOCATED");
        assertThat(referral.getString("pathway")).isEqualTo("URGENT_CRISIS_RESPONSE");
        assertThat(referral.getString("standard")).isEqualTo("TWO_HOUR");
        assertThat(Instant.parse(referral.getString("receivedAt"))).isEqualTo(received);
        assertThat(referral.getList("allocations")).hasSize(1);
        assertThat(referral.getString("allocations[0].method")).isEqualTo("POSTCODE_DISTRICT");

        fixtures.awaitOutboxSent(id);
        List<ConsumerRecord<String, String>> records = fixtures.records(Topics.ALLOCATIONS, id);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.TYPE)).isEqualTo(ReferralAllocated.TYPE);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/homefirst/hub-allocation-service");
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(id);
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.ID)).isNotBlank();
        assertThat(KafkaTestClient.header(record, CloudEventHeaders.DATA_SCHEMA))
                .isEqualTo("urn:uk-nhs-homefirst:schema:ReferralAllocated.v1");
        ReferralAllocated event = Json.read(record.value(), ReferralAllocated.class);
        assertThat(event.referralId()).isEqualTo(id);
        assertThat(event.hubId()).isEqualTo("charnwood-nwl");
        assertThat(event.allocationNumber()).isEqualTo(1);
        assertThat(event.method()).isEqualTo(AllocationMethod.POSTCODE_DISTRICT);
        assertThat(event.pathway()).isEqualTo(Pathway.URGENT_CRISIS_RESPONSE);
        assertThat(event.allocationId()).isEqualTo(referral.getString("allocations[0].allocationId"));
        assertThat(event.allocatedAt()).isEqualTo(Instant.parse(referral.getString("allocatedAt")))
                .isAfter(received).isBeforeOrEqualTo(Instant.now());
        assertThat(Instant.parse(KafkaTestClient.header(record, CloudEventHeaders.TIME))).isEqualTo(event.allocatedAt());
        assertThat(record.value()).doesNotContain("C82001");

        given().get("/api/hubs/charnwood-nwl/caseload").then().statusCode(200)
                .body("referrals.referralId", hasItem(id));
    }

    @Test
    void aDuplicateDeliveryAndAReTriageDoNotReallocate() {
        String id = newReferralId();
        Instant received = anHourAgo();
        ReferralTriaged first = decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE11", received);
        String firstId = fixtures.triage(first);
        awaitAllocated(id);

        // The same CloudEvent id again, even with other content, is a redelivery: it must change nothing.
        // Had it been applied, its decision 3 would make the decision 2 below stale.
        ReferralTriaged other = decision(id, 3, Pathway.PLANNED_THERAPY, ResponseStandard.EIGHTEEN_WEEK, "LE2", received);
        kafka.sendEvent(Topics.ASSESSMENTS, id, firstId, ReferralTriaged.TYPE, Json.write(other));
        // A re-triage to another pathway, from a district another hub covers, keeps the hub.
        String reTriage = fixtures.triage(decision(id, 2, Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "LE2", received));
        fixtures.awaitProcessed(reTriage);

        JsonPath referral = allocation(id);
        assertThat(referral.getInt("decisionNumber")).isEqualTo(2);
        assertThat(referral.getString("pathway")).isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(referral.getString("standard")).isEqualTo("TWO_DAY");
        assertThat(referral.getString("hubId")).isEqualTo("charnwood-nwl");
        assertThat(referral.getList("allocations")).hasSize(1);

        fixtures.awaitOutboxSent(id);
        assertThat(fixtures.records(Topics.ALLOCATIONS, id)).hasSize(1);
    }

    @Test
    void anOlderDecisionArrivingLateDoesNotOverwriteANewerOne() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 2, Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "LE9", received));
        JsonPath allocated = awaitAllocated(id);
        assertThat(allocated.getString("hubId")).isEqualTo("hinckley-bosworth");
        assertThat(allocated.getString("allocations[0].pathway")).isEqualTo("HOME_FIRST_REABLEMENT");

        String late = fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE1", received));
        fixtures.awaitProcessed(late);

        JsonPath referral = allocation(id);
        assertThat(referral.getInt("decisionNumber")).isEqualTo(2);
        assertThat(referral.getString("pathway")).isEqualTo("HOME_FIRST_REABLEMENT");
        assertThat(referral.getString("standard")).isEqualTo("TWO_DAY");
        assertThat(referral.getString("postcodeDistrict")).isEqualTo("LE9");
        assertThat(referral.getString("hubId")).isEqualTo("hinckley-bosworth");
        assertThat(referral.getList("allocations")).hasSize(1);
    }

    @Test
    void anUncoveredDistrictIsListedUnallocatedAndAManualAllocationTakesIt() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "NG1", received));

        await().atMost(PATIENCE).untilAsserted(() -> given().get("/api/allocations/unallocated").then()
                .statusCode(200).body("referralId", hasItem(id)));
        JsonPath waiting = given().get("/api/allocations/unallocated").jsonPath();
        assertThat(waiting.getString("find { it.referralId == '" + id + "' }.postcodeDistrict")).isEqualTo("NG1");
        given().get("/api/allocations/" + id).then().statusCode(200)
                .body("status", equalTo("UNALLOCATED")).body("hubId", nullValue()).body("allocations.size()", equalTo(0));

        // Every invalid field at once; nothing is allocated.
        JsonNode problem = Json.read(given().contentType(ContentType.JSON)
                .body("{\"hubId\": \"nottingham\", \"allocatedAt\": \"" + Instant.now().plus(Duration.ofHours(1)) + "\"}")
                .put("/api/allocations/" + id)
                .then().statusCode(400).contentType("application/problem+json").extract().asString(), JsonNode.class);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("hubId", "allocatedAt");
        given().contentType(ContentType.JSON)
                .body("{\"hubId\": \"city-north-west\", \"allocatedAt\": \"" + received.minusSeconds(1) + "\"}")
                .put("/api/allocations/" + id)
                .then().statusCode(400).body("errors.field", hasItem("allocatedAt"));

        Instant allocatedAt = received.plus(Duration.ofMinutes(20));
        given().contentType(ContentType.JSON)
                .body("{\"hubId\": \"city-north-west\", \"allocatedAt\": \"" + allocatedAt + "\"}")
                .put("/api/allocations/" + id)
                .then().statusCode(200)
                .body("status", equalTo("ALLOCATED"))
                .body("hubId", equalTo("city-north-west"))
                .body("allocations.size()", equalTo(1))
                .body("allocations[0].method", equalTo("MANUAL"))
                .body("allocations[0].allocationNumber", equalTo(1))
                .body("allocations[0].allocatedAt", equalTo(allocatedAt.toString()));
        given().get("/api/allocations/unallocated").then().body("referralId", not(hasItem(id)));

        // A reallocation is the next allocation; repeating it changes nothing.
        for (int attempt = 0; attempt < 2; attempt++) {
            given().contentType(ContentType.JSON).body("{\"hubId\": \"city-south-east\"}")
                    .put("/api/allocations/" + id)
                    .then().statusCode(200)
                    .body("hubId", equalTo("city-south-east"))
                    .body("allocations.size()", equalTo(2))
                    .body("allocations[1].allocationNumber", equalTo(2));
        }

        fixtures.awaitOutboxSent(id);
        List<ReferralAllocated> events = fixtures.records(Topics.ALLOCATIONS, id).stream()
                .map(r -> Json.read(r.value(), ReferralAllocated.class)).toList();
        assertThat(events).extracting(ReferralAllocated::allocationNumber, ReferralAllocated::hubId, ReferralAllocated::method)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "city-north-west", AllocationMethod.MANUAL),
                        org.assertj.core.groups.Tuple.tuple(2, "city-south-east", AllocationMethod.MANUAL));
        assertThat(events.get(0).allocatedAt()).isEqualTo(allocatedAt);
    }

    @Test
    void aManualAllocationOfAnUnknownReferralIs404() {
        given().contentType(ContentType.JSON).body("{\"hubId\": \"city-north-west\"}")
                .put("/api/allocations/" + newReferralId())
                .then().statusCode(404).contentType("application/problem+json");
        given().get("/api/allocations/not-a-referral").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aReferralNotAcceptedIsNotAllocatedUntilADecisionNeedsAHub() {
        String id = newReferralId();
        Instant received = anHourAgo();
        String declined = fixtures.triage(decision(id, 1, Pathway.NOT_ACCEPTED, null, "LE11", received));
        fixtures.awaitProcessed(declined);
        given().get("/api/allocations/" + id).then().statusCode(200)
                .body("status", equalTo("NOT_ACCEPTED")).body("hubId", nullValue()).body("allocations.size()", equalTo(0));
        given().get("/api/allocations/unallocated").then().body("referralId", not(hasItem(id)));
        given().contentType(ContentType.JSON).body("{\"hubId\": \"charnwood-nwl\"}")
                .put("/api/allocations/" + id).then().statusCode(409);

        fixtures.triage(decision(id, 2, Pathway.END_OF_LIFE, ResponseStandard.TWO_DAY, "LE11", received));
        JsonPath referral = awaitAllocated(id);
        assertThat(referral.getString("hubId")).isEqualTo("charnwood-nwl");
        assertThat(referral.getString("allocations[0].pathway")).isEqualTo("END_OF_LIFE");
    }

    @Test
    void aPoisonRecordOnAssessmentsGoesToTheDeadLetterTopicAndTheNextRecordIsProcessed() {
        String notJson = newReferralId();
        String noHeaders = newReferralId();
        String wrongType = newReferralId();
        kafka.sendEvent(Topics.ASSESSMENTS, notJson, UUID.randomUUID().toString(), ReferralTriaged.TYPE, "{\"referralId\": ");
        kafka.sendRaw(Topics.ASSESSMENTS, noHeaders, "{}");
        kafka.sendEvent(Topics.ASSESSMENTS, wrongType, UUID.randomUUID().toString(), "uk.nhs.homefirst.Unknown.v1", "{}");
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE5", anHourAgo()));

        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo("city-south-east");
        assertThat(deadLetterReason(Topics.ASSESSMENTS_DLQ, notJson)).startsWith("the data is not valid JSON");
        assertThat(deadLetterReason(Topics.ASSESSMENTS_DLQ, noHeaders)).isEqualTo("header ce_specversion is missing");
        assertThat(deadLetterReason(Topics.ASSESSMENTS_DLQ, wrongType))
                .isEqualTo("header ce_type is not an event type of the contract");
        assertThat(KafkaTestClient.header(deadLetter(Topics.ASSESSMENTS_DLQ, notJson), DeadLetter.CONSUMER))
                .isEqualTo("hub-allocation-service");
        given().get("/api/allocations/" + notJson).then().statusCode(404);
    }

    @Test
    void aCancellationTakesAReferralOffTheCaseloadEvenWhenItArrivesBeforeTheTriage() {
        String id = newReferralId();
        Instant received = anHourAgo();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE4", received));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo("city-north-west");
        given().get("/api/hubs/city-north-west/caseload").then().body("referrals.referralId", hasItem(id));

        Instant cancelledAt = received.plus(Duration.ofMinutes(30));
        String cancellation = kafka.sendEvent(Topics.REFERRALS, id, ReferralCancelled.TYPE,
                new ReferralCancelled(id, cancelledAt, CancellationReason.OTHER, "Ada Lovelace moved to her daughter's"));
        fixtures.awaitProcessed(cancellation);
        given().get("/api/hubs/city-north-west/caseload").then().body("referrals.referralId", not(hasItem(id)));
        given().get("/api/allocations/" + id).then()
                .body("status", equalTo("CANCELLED"))
                .body("cancelledAt", equalTo(cancelledAt.toString()))
                .body("cancellationReason", equalTo("OTHER"))
                .body(not(containsString("Ada")));

        String early = newReferralId();
        String earlyCancellation = kafka.sendEvent(Topics.REFERRALS, early, ReferralCancelled.TYPE,
                new ReferralCancelled(early, received.plus(Duration.ofMinutes(10)), CancellationReason.PATIENT_ADMITTED, null));
        fixtures.awaitProcessed(earlyCancellation);
        String triage = fixtures.triage(decision(early, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE4", received));
        fixtures.awaitProcessed(triage);
        given().get("/api/allocations/" + early).then()
                .body("status", equalTo("CANCELLED"))
                .body("cancellationReason", equalTo("PATIENT_ADMITTED"));
        given().get("/api/hubs/city-north-west/caseload").then().body("referrals.referralId", not(hasItem(early)));
        given().get("/api/allocations/unallocated").then().body("referralId", not(hasItem(early)));
    }

    @Test
    void readableReferralsArePassedOverWithoutTraceAndUnreadableOnesGoToTheDeadLetterTopic() {
        String received = newReferralId();
        kafka.sendEvent(Topics.REFERRALS, received, ReferralReceived.TYPE, Fixtures.received(received, anHourAgo()));
        String partial = newReferralId();
        kafka.sendEvent(Topics.REFERRALS, partial, UUID.randomUUID().toString(), ReferralReceived.TYPE,
                "{\"referralId\": \"" + partial + "\", \"patient\": {\"nhsNumber\": \"9434765919\"}}");
        String unknown = newReferralId();
        kafka.sendEvent(Topics.REFERRALS, unknown, UUID.randomUUID().toString(), "uk.nhs.homefirst.ReferralUpdated.v1", "{}");
        // A cancellation of the same referral after it: once it is applied, the ReferralReceived was handled.
        String marker = kafka.sendEvent(Topics.REFERRALS, received, ReferralCancelled.TYPE,
                new ReferralCancelled(received, Instant.now(), CancellationReason.RAISED_IN_ERROR, null));
        fixtures.awaitProcessed(marker);

        ConsumerRecord<String, String> dead = deadLetter(Topics.REFERRALS_DLQ, unknown);
        assertThat(KafkaTestClient.header(dead, DeadLetter.REASON))
                .isEqualTo("header ce_type is not an event type of the contract");
        assertThat(dead.value()).as("no copy of a referrals record's content").isNull();
        assertThat(kafka.deadLetterOrigin(dead).value()).isEqualTo("{}");
        // Judged as triage judges it, though this service reads nothing of a new referral.
        ConsumerRecord<String, String> unreadable = deadLetter(Topics.REFERRALS_DLQ, partial);
        assertThat(KafkaTestClient.header(unreadable, DeadLetter.REASON))
                .startsWith("ReferralReceived does not conform to its schema: field 'clinicalNeeds' is missing")
                .doesNotContain("9434765919");
        assertThat(unreadable.value()).isNull();
        assertThat(kafka.read(Topics.REFERRALS_DLQ, r -> received.equals(r.key()))).isEmpty();
        given().get("/api/allocations/" + received).then().statusCode(404);
    }

    @Test
    void changingAHubsDistrictsTakesEffectForTheNextAllocation() {
        Instant received = anHourAgo();
        String before = newReferralId();
        String beforeEvent = fixtures.triage(decision(before, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "CV21", received));
        fixtures.awaitProcessed(beforeEvent);
        given().get("/api/allocations/" + before).then().body("status", equalTo("UNALLOCATED"));

        List<String> original = given().get("/api/hubs/hinckley-bosworth").then().statusCode(200)
                .extract().jsonPath().getList("districts", String.class);
        try {
            given().contentType(ContentType.JSON).body("{\"districts\": [\"LE6\", \"LE9\", \"LE10\", \"cv21\"]}")
                    .put("/api/hubs/hinckley-bosworth/districts")
                    .then().statusCode(200)
                    .body("id", equalTo("hinckley-bosworth"))
                    .body("districts", equalTo(List.of("CV21", "LE6", "LE9", "LE10")));

            String after = newReferralId();
            fixtures.triage(decision(after, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "CV21", received));
            assertThat(awaitAllocated(after).getString("hubId")).isEqualTo("hinckley-bosworth");
            // The referral left unallocated is tried again on its next decision.
            fixtures.triage(decision(before, 2, Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "CV21", received));
            assertThat(awaitAllocated(before).getString("hubId")).isEqualTo("hinckley-bosworth");
        } finally {
            given().contentType(ContentType.JSON).body(Json.write(java.util.Map.of("districts", original)))
                    .put("/api/hubs/hinckley-bosworth/districts").then().statusCode(200);
        }
        given().get("/api/hubs/hinckley-bosworth").then().body("districts", equalTo(original));
    }

    @Test
    void aHubsDistrictsAreValidatedAndADistrictBelongsToOneHub() {
        JsonNode invalid = Json.read(given().contentType(ContentType.JSON)
                .body("{\"districts\": [\"LE2\", \"Leicester\", \"LE5\", null]}")
                .put("/api/hubs/city-south-east/districts")
                .then().statusCode(400).contentType("application/problem+json").extract().asString(), JsonNode.class);
        assertThat(invalid.get("errors").findValuesAsText("field")).containsExactly("districts[1]", "districts[3]");
        given().contentType(ContentType.JSON).body("{}").put("/api/hubs/city-south-east/districts")
                .then().statusCode(400).body("errors.field", hasItem("districts"));

        given().contentType(ContentType.JSON).body("{\"districts\": [\"LE2\", \"LE5\", \"LE11\"]}")
                .put("/api/hubs/city-south-east/districts")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("LE11")).body("detail", containsString("charnwood-nwl"));
        given().get("/api/hubs/city-south-east").then().body("districts", equalTo(List.of("LE2", "LE5")));
        given().get("/api/hubs/charnwood-nwl").then().body("districts", hasItem("LE11"));

        given().contentType(ContentType.JSON).body("{\"districts\": [\"NG1\"]}")
                .put("/api/hubs/nottingham/districts")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static String deadLetterReason(String topic, String key) {
        return KafkaTestClient.header(deadLetter(topic, key), DeadLetter.REASON);
    }

    /** The one dead letter of the key, once it is there. */
    private static ConsumerRecord<String, String> deadLetter(String topic, String key) {
        return await().atMost(PATIENCE)
                .until(() -> kafka.read(topic, r -> key.equals(r.key())), records -> records.size() == 1).get(0);
    }

    @Inject
    ReferralCases cases;

    /**
     * The two consumers apply at the same time: a decision that makes a referral's case, and its
     * cancellation. Each must see the other: the decision's transaction is held open after making the
     * case while the cancellation runs, and the case must end cancelled, not on the caseload.
     */
    @Test
    void aDecisionAndACancellationAppliedAtTheSameTimeLeaveTheReferralCancelled() throws Exception {
        String referralId = newReferralId();
        ReferralTriaged triaged = decision(referralId, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR,
                "LE11", anHourAgo());
        java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelling = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> triage = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                cases.applyTriage(triaged, cases.known(List.of(UUID.fromString(referralId))));
                applied.countDown();
                try {
                    cancelling.await();
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
            assertThat(applied.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.Future<?> cancel = threads.submit(() -> {
                cancelling.countDown();
                QuarkusTransaction.requiringNew().run(() -> cases.cancel(new ReferralCancelled(referralId, Instant.now(),
                        CancellationReason.NO_LONGER_REQUIRED, null)));
            });
            triage.get(60, java.util.concurrent.TimeUnit.SECONDS);
            cancel.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        try (var connection = database.getConnection();
                var query = connection.prepareStatement("SELECT cancelled_at FROM referral_case WHERE referral_id = ?")) {
            query.setObject(1, UUID.fromString(referralId));
            try (var row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject(1)).as("the case's cancellation").isNotNull();
            }
        }
    }
}
