package uk.nhs.homefirst.triage.review;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.triage.store.TriageCase;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * The review queue as an LDU clinician works it, against a real broker and PostgreSQL: only the cases
 * a person must act on, what breaches first at the top, claims that keep two clinicians off one case,
 * and decisions that say what they overrode.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class ReviewQueueIT extends FixturedIT {

    /** Two clinicians of the county LDU, where the fake patients (LE11) live. */
    private static final String ANNE = "staff-anne";
    private static final String BILAL = "staff-bilal";
    private static final String ANNE_TOKEN = clinician(ANNE);
    private static final String BILAL_TOKEN = clinician(BILAL);
    private static String clinician(String subject) {
        return TestTokens.Spec.of("ldu-clinician").ldu(Callers.COUNTY).subject(subject).token();
    }

    /** A referral the rules could not place: the catch-all decided it, and it waits for a clinician. */
    private static String unplaced(Instant receivedAt) {
        return triagedReferral(receivedAt, RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE);
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    private static String decision(String pathway, String reason) {
        return Json.write(Map.of("pathway", pathway, "reason", reason));
    }

    @Test
    void aReferralWithNoCodedNeedIsReviewedEvenWhenTheRulesAnsweredItsUrgencyUntilAClinicianDecides() {
        String crisis = triagedReferral(minutesAgo(5), RequestedUrgency.CRISIS);
        String routine = triagedReferral(minutesAgo(5), RequestedUrgency.ROUTINE);

        Map<String, Map<String, Object>> queue = queueById(ANNE_TOKEN);
        // The crisis keeps its 2-hour response; the catch-all decision on the routine one is reviewed for both reasons.
        assertThat(queue.get(crisis)).containsEntry("reasons", List.of("UNCODED_NEEDS"));
        assertThat(queue.get(routine)).containsEntry("reasons", List.of("UNCODED_NEEDS", "RULES_DEFAULT"));
        as(ANNE_TOKEN).get("/api/triage/" + crisis).then().statusCode(200)
                .body("review.cause", equalTo("UNCODED_NEEDS"))
                .body("currentDecision.pathway", equalTo("URGENT_CRISIS_RESPONSE"));

        as(ANNE_TOKEN).post("/api/triage/" + crisis + "/claim").then().statusCode(200);
        as(ANNE_TOKEN).contentType(ContentType.JSON).body(decision("URGENT_CRISIS_RESPONSE", "CONFIRMED"))
                .post("/api/triage/" + crisis + "/decisions").then().statusCode(201);
        assertThat(queueById(ANNE_TOKEN)).doesNotContainKey(crisis);
    }

    @Test
    void theQueueHoldsOnlyWhatNeedsAPersonAndSaysWhy() {
        String unplaced = unplaced(minutesAgo(40));
        String crisis = triagedReferral(minutesAgo(30), RequestedUrgency.CRISIS, ClinicalNeed.FALLS);
        Instant therapyReceived = minutesAgo(20);
        String therapy = triagedReferral(therapyReceived, RequestedUrgency.ROUTINE, ClinicalNeed.THERAPY_NEED);

        Map<String, Map<String, Object>> queue = queueById(ANNE_TOKEN);
        assertThat(queue).containsKey(unplaced).doesNotContainKeys(crisis, therapy);
        Map<String, Object> item = queue.get(unplaced);
        assertThat(item).containsEntry("reasons", List.of("RULES_DEFAULT")).containsEntry("ldu", Callers.COUNTY)
                .containsEntry("requestedUrgency", "ROUTINE").containsEntry("claim", null)
                .containsEntry("breachesAt", null);
        assertThat(Duration.parse((String) item.get("age"))).isBetween(Duration.ofMinutes(39), Duration.ofMinutes(45));

        // A clinician sends the therapy referral back with a reason: it joins the queue until decided.
        as(ANNE_TOKEN).contentType(ContentType.JSON).body("{\"reason\": \"MORE_INFORMATION_NEEDED\"}")
                .post("/api/triage/" + therapy + "/send-back").then().statusCode(200)
                .body("review.cause", equalTo("SENT_BACK")).body("review.requestedBy", equalTo(ANNE))
                .body("review.reason", equalTo("MORE_INFORMATION_NEEDED"))
                .body("currentDecision.pathway", equalTo("PLANNED_THERAPY"));
        as(ANNE_TOKEN).contentType(ContentType.JSON).body("{\"reason\": \"needs a call to the daughter\"}")
                .post("/api/triage/" + therapy + "/send-back").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("reason")));
        Map<String, Object> sentBack = queueById(ANNE_TOKEN).get(therapy);
        assertThat(sentBack).containsEntry("reasons", List.of("SENT_BACK"));
        assertThat(Instant.parse((String) sentBack.get("breachesAt"))).as("receipt plus 18 weeks")
                .isEqualTo(therapyReceived.plus(Duration.ofDays(18 * 7)));

        // Decided: both leave the queue, and the decision says which rule decision it overrode.
        as(BILAL_TOKEN).contentType(ContentType.JSON).body(decision("NEIGHBOURHOOD_NURSING", "CONFIRMED"))
                .post("/api/triage/" + unplaced + "/decisions").then().statusCode(201)
                .body("decidedBy", equalTo(BILAL)).body("rule", equalTo("CONFIRMED"))
                .body("replacesDecision", equalTo(1)).body("replacesRule", equalTo("NURSING_DEFAULT"));
        as(BILAL_TOKEN).contentType(ContentType.JSON).body(decision("HOME_FIRST_REABLEMENT", "REABLEMENT_ON_REVIEW"))
                .post("/api/triage/" + therapy + "/decisions").then().statusCode(201)
                .body("replacesRule", equalTo("THERAPY_NEEDED"));
        assertThat(queueById(ANNE_TOKEN)).doesNotContainKeys(unplaced, therapy, crisis);
        JsonPath stored = given().get("/api/triage/" + therapy).then().statusCode(200)
                .body("review", nullValue()).extract().jsonPath();
        assertThat(stored.getList("decisions.replacesRule")).containsExactly(null, "THERAPY_NEEDED");
        assertThat(stored.getList("decisions.decidedBy")).containsExactly("rules", BILAL);
    }

    @Test
    void whatBreachesFirstComesFirstThenTheOldest() {
        String nursingOld = unplaced(minutesAgo(600));
        String reablement = triagedReferral(minutesAgo(100), RequestedUrgency.ROUTINE, ClinicalNeed.REABLEMENT_NEED);
        String crisis = triagedReferral(minutesAgo(30), RequestedUrgency.CRISIS, ClinicalNeed.FALLS);
        String nursingNew = unplaced(minutesAgo(5));
        for (String id : List.of(reablement, crisis)) {
            given().contentType(ContentType.JSON).body("{\"reason\": \"SECOND_OPINION\"}")
                    .post("/api/triage/" + id + "/send-back").then().statusCode(200);
        }

        List<Map<String, Object>> queue = wholeQueue(ANNE_TOKEN);
        assertThat(queue).extracting(item -> item.get("referralId"))
                .containsSubsequence(crisis, reablement, nursingOld, nursingNew);
        List<Instant> breaches = queue.stream().map(item -> (String) item.get("breachesAt"))
                .takeWhile(b -> b != null).map(Instant::parse).toList();
        assertThat(breaches).isSorted();
        assertThat(queue.subList(breaches.size(), queue.size())).allSatisfy(item -> assertThat(item.get("breachesAt")).isNull());
    }

    @Test
    void aReferralWaitingTooLongForItsFirstDecisionJoinsTheQueue() {
        // Every referral that arrives is decided by the rules at once; these two stand for ones whose
        // first decision is late (or will be, when a rule waits for something).
        UUID late = undecidedCase(minutesAgo(45));
        UUID recent = undecidedCase(minutesAgo(2));

        Map<String, Map<String, Object>> queue = queueById(ANNE_TOKEN);
        assertThat(queue).containsKey(late.toString()).doesNotContainKey(recent.toString());
        assertThat(queue.get(late.toString())).containsEntry("reasons", List.of("WAITING_TOO_LONG"))
                .containsEntry("currentDecision", null);
    }

    @Test
    void aClaimKeepsEveryoneElseOffTheCaseUntilItsHolderDecides() {
        String id = unplaced(minutesAgo(25));

        as(ANNE_TOKEN).post("/api/triage/" + id + "/claim").then().statusCode(200)
                .body("claimedBy", equalTo(ANNE)).body("referralId", equalTo(id));
        Map<String, Object> claim = claimOnQueue(BILAL_TOKEN, id);
        assertThat(claim).containsEntry("claimedBy", ANNE);
        assertThat(Duration.between(Instant.parse((String) claim.get("claimedAt")),
                Instant.parse((String) claim.get("expiresAt")))).isEqualTo(Duration.ofMinutes(30));
        as(BILAL_TOKEN).get("/api/triage/" + id).then().statusCode(200).body("claim.claimedBy", equalTo(ANNE));

        conflictNaming(ANNE, as(BILAL_TOKEN).contentType(ContentType.JSON).body(decision("END_OF_LIFE", "GP_REQUEST"))
                .post("/api/triage/" + id + "/decisions"));
        conflictNaming(ANNE, as(BILAL_TOKEN).post("/api/triage/" + id + "/claim"));
        conflictNaming(ANNE, as(BILAL_TOKEN).delete("/api/triage/" + id + "/claim"));
        conflictNaming(ANNE, as(BILAL_TOKEN).contentType(ContentType.JSON).body("{\"reason\": \"SECOND_OPINION\"}")
                .post("/api/triage/" + id + "/send-back"));
        conflictNaming(ANNE, given().contentType(ContentType.JSON).body(decision("END_OF_LIFE", "GP_REQUEST"))
                .post("/api/triage/" + id + "/decisions"));
        given().get("/api/triage/" + id).then().body("decisions.size()", equalTo(1));

        as(ANNE_TOKEN).contentType(ContentType.JSON).body(decision("NEIGHBOURHOOD_NURSING", "CONFIRMED"))
                .post("/api/triage/" + id + "/decisions").then().statusCode(201).body("decisionNumber", equalTo(2));
        given().get("/api/triage/" + id).then().statusCode(200).body("claim", nullValue());
        assertThat(queueById(ANNE_TOKEN)).doesNotContainKey(id);
        // Unclaimed now: anyone of the LDU decides it as before.
        as(BILAL_TOKEN).contentType(ContentType.JSON).body(decision("END_OF_LIFE", "GP_REQUEST"))
                .post("/api/triage/" + id + "/decisions").then().statusCode(201).body("decisionNumber", equalTo(3));
    }

    @Test
    void aClaimEndsByReleaseByAdminOrByExpiry() {
        String id = unplaced(minutesAgo(25));

        as(ANNE_TOKEN).post("/api/triage/" + id + "/claim").then().statusCode(200);
        as(ANNE_TOKEN).delete("/api/triage/" + id + "/claim").then().statusCode(204);
        as(BILAL_TOKEN).post("/api/triage/" + id + "/claim").then().statusCode(200).body("claimedBy", equalTo(BILAL));
        given().delete("/api/triage/" + id + "/claim").then().statusCode(204);
        assertThat(claimOnQueue(ANNE_TOKEN, id)).isNull();

        as(ANNE_TOKEN).post("/api/triage/" + id + "/claim").then().statusCode(200);
        // Half an hour later (the default claim duration), without a decision:
        QuarkusTransaction.requiringNew().run(() -> TriageCase.update("claimExpiresAt = ?1 where referralId = ?2",
                Instant.now().minusSeconds(1), UUID.fromString(id)));
        assertThat(claimOnQueue(BILAL_TOKEN, id)).isNull();
        as(BILAL_TOKEN).post("/api/triage/" + id + "/claim").then().statusCode(200).body("claimedBy", equalTo(BILAL));
        as(BILAL_TOKEN).contentType(ContentType.JSON).body("{\"reason\": \"SECOND_OPINION\"}")
                .post("/api/triage/" + id + "/send-back").then().statusCode(200).body("claim", nullValue());
        assertThat(queueById(ANNE_TOKEN).get(id)).containsEntry("reasons", List.of("SENT_BACK", "RULES_DEFAULT"));

        String cityClinician = Callers.clinicianOf(Callers.CITY);
        as(cityClinician).post("/api/triage/" + id + "/claim").then().statusCode(403)
                .contentType("application/problem+json");
        given().post("/api/triage/" + FakeReferrals.newId() + "/claim").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void twoCliniciansClaimingAtOnceOneWinsTheOther409() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String id = unplaced(minutesAgo(10));
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (String token : List.of(ANNE_TOKEN, BILAL_TOKEN)) {
                    HttpRequest claim = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                                    + "/api/triage/" + id + "/claim"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                    answers.add(pool.submit(() -> {
                        start.await();
                        return http.send(claim, HttpResponse.BodyHandlers.ofString());
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                String loserDetail = null;
                for (Future<HttpResponse<String>> answer : answers) {
                    HttpResponse<String> response = answer.get();
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 200) {
                        winner = JsonPath.from(response.body()).getString("claimedBy");
                    } else {
                        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                                type -> assertThat(type).startsWith("application/problem+json"));
                        loserDetail = JsonPath.from(response.body()).getString("detail");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
                assertThat(loserDetail).contains("claimed by " + winner);
                given().get("/api/triage/" + id).then().body("claim.claimedBy", equalTo(winner));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void conflictNaming(String holder, io.restassured.response.Response response) {
        response.then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409))
                .body("detail", allOf(containsString("claimed by " + holder), containsString("until")));
    }

    private static UUID undecidedCase(Instant receivedAt) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            TriageCase c = new TriageCase();
            c.referralId = id;
            c.receivedAt = receivedAt;
            c.source = ReferralSource.GP;
            c.requestedUrgency = RequestedUrgency.ROUTINE;
            c.clinicalNeeds = new String[] {"CATHETER_CARE"};
            c.postcodeDistrict = "LE11";
            c.recordedAt = receivedAt;
            c.ldu = Callers.COUNTY;
            c.persist();
        });
        return id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claimOnQueue(String token, String id) {
        Map<String, Object> item = queueById(token).get(id);
        assertThat(item).as("referral %s on the queue", id).isNotNull();
        return (Map<String, Object>) item.get("claim");
    }

    private static Map<String, Map<String, Object>> queueById(String token) {
        Map<String, Map<String, Object>> byId = new java.util.LinkedHashMap<>();
        wholeQueue(token).forEach(item -> byId.put((String) item.get("referralId"), item));
        return byId;
    }

    private static List<Map<String, Object>> wholeQueue(String token) {
        List<Map<String, Object>> items = new ArrayList<>();
        int page = 0;
        int totalPages;
        do {
            JsonPath body = as(token).queryParam("size", 200).queryParam("page", page).get("/api/triage/queue")
                    .then().statusCode(200).extract().jsonPath();
            items.addAll(body.getList("items"));
            totalPages = body.getInt("totalPages");
            page++;
        } while (page < totalPages);
        return items;
    }
}
