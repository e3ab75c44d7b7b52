package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestClient;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * Episodes that close with an outcome, through REST against a real broker and PostgreSQL: the hub's
 * own staff close one, it leaves the caseload, EpisodeClosed is announced once (a retry changes
 * nothing, another outcome is 409), and the 91-day follow-up of reablement after a hospital discharge
 * is recorded against it, no earlier than 91 days after the discharge.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class EpisodeClosureIT extends FixturedIT {

    static final String HUB = "city-south-east"; // LE2
    static final String OTHER_HUB = "charnwood-nwl";
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @ConfigProperty(name = "homefirst.allocation.clock-skew-tolerance")
    Duration tolerance;

    /** Today in London, read once: a test that runs over midnight still compares one day with itself. */
    final LocalDate today = LocalDate.now(LONDON);

    LocalDate today() {
        return today;
    }

    /**
     * The first day the service judges in the future: tomorrow, but the day after within the clock-skew
     * tolerance (and a minute for the request) of midnight, when the service's today is already tomorrow.
     */
    LocalDate future() {
        return LocalDate.ofInstant(Instant.now().plus(tolerance).plus(Duration.ofMinutes(1)), LONDON).plusDays(1);
    }

    /**
     * Midday in London {@code daysAgo} days before today: "now minus 100 days" can fall on another London date
     * near midnight when summer time differs, and the follow-up's due day is a London date.
     */
    Instant middayDaysAgo(int daysAgo) {
        return today().minusDays(daysAgo).atTime(12, 0).atZone(LONDON).toInstant();
    }

    /** A referral triaged onto the 2-hour standard an hour ago, held by city-south-east. */
    String referral() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE2", anHourAgo()));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HUB);
        return id;
    }

    /** A reablement referral from an acute hospital, received {@code daysAgo} days ago, held by city-south-east. */
    String reablementFromHospital(int daysAgo) {
        String id = newReferralId();
        Instant received = middayDaysAgo(daysAgo);
        fixtures.triage(new ReferralTriaged(id, UUID.randomUUID().toString(), 1, received.plusSeconds(300), received,
                Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY, "rules", "RULE_REABLEMENT",
                ReferralSource.ACUTE_HOSPITAL, RequestedUrgency.URGENT, "LE2", "C82001", "city"));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HUB);
        return id;
    }

    static ExtractableResponse<Response> post(String path, Object body, String idempotencyKey, String... hubs) {
        var request = Fixtures.asStaffOf(hubs.length == 0 ? new String[] {HUB} : hubs).contentType(ContentType.JSON)
                .body(Json.write(body));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post(path).then().extract();
    }

    static Map<String, String> closure(String outcome, LocalDate day) {
        return Map.of("outcome", outcome, "outcomeDate", day.toString());
    }

    @Test
    void theHubsStaffCloseAnEpisodeItLeavesTheCaseloadIsAnnouncedOnceAndAnotherOutcomeIs409() {
        String id = referral();
        ExtractableResponse<Response> closed = post("/api/episodes/" + id + "/closure",
                closure("ADMITTED_TO_HOSPITAL", today()), "close-" + id);
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.jsonPath().getString("outcome")).isEqualTo("ADMITTED_TO_HOSPITAL");
        assertThat(closed.jsonPath().getString("outcomeDate")).isEqualTo(today().toString());
        assertThat(closed.jsonPath().getString("hubId")).isEqualTo(HUB);
        assertThat(closed.jsonPath().getString("followUpDueOn")).as("not reablement: no follow-up").isNull();
        String closedAt = closed.jsonPath().getString("closedAt");

        ExtractableResponse<Response> replayed = post("/api/episodes/" + id + "/closure",
                closure("ADMITTED_TO_HOSPITAL", today()), "close-" + id);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        ExtractableResponse<Response> retried = post("/api/episodes/" + id + "/closure",
                closure("ADMITTED_TO_HOSPITAL", today()), null);
        assertThat(retried.statusCode()).as("the same closure again").isEqualTo(200);
        assertThat(retried.jsonPath().getString("closedAt")).isEqualTo(closedAt);
        post("/api/episodes/" + id + "/closure", closure("DIED", today()), null).response().then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("closes once"));

        given().get("/api/allocations/" + id).then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("episode.outcome", equalTo("ADMITTED_TO_HOSPITAL")).body("episode.closedAt", equalTo(closedAt));
        var caseload = given().get("/api/hubs/" + HUB + "/caseload").then().statusCode(200).extract().jsonPath();
        assertThat(caseload.getList("referrals.referralId")).doesNotContain(id);
        assertThat(caseload.getList("closed.referralId")).contains(id);
        given().contentType(ContentType.JSON).body(Json.write(Map.of("hubId", OTHER_HUB)))
                .put("/api/allocations/" + id).then().statusCode(409);

        fixtures.awaitOutboxSent(id);
        List<ConsumerRecord<String, String>> records = fixtures.records(Topics.ALLOCATIONS, id);
        assertThat(records).extracting(r -> KafkaTestClient.header(r, CloudEventHeaders.TYPE))
                .containsExactly(ReferralAllocated.TYPE, EpisodeClosed.TYPE);
        EpisodeClosed event = Json.read(records.get(1).value(), EpisodeClosed.class);
        assertThat(event).isEqualTo(new EpisodeClosed(id, HUB, Pathway.URGENT_CRISIS_RESPONSE,
                EpisodeOutcome.ADMITTED_TO_HOSPITAL, today(), Instant.parse(closedAt)));
        assertThat(KafkaTestClient.header(records.get(1), CloudEventHeaders.SUBJECT)).isEqualTo(id);
    }

    @Test
    void onlyTheHubsStaffCloseItEveryBadFieldIsNamedAndACancelledReferralHasNoEpisodeToClose() {
        String id = referral();
        post("/api/episodes/" + id + "/closure", Map.of(), null, OTHER_HUB).response().then().statusCode(403)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Json.write(closure("DIED", today())))
                .post("/api/episodes/" + id + "/closure").then().statusCode(403);
        post("/api/episodes/" + id + "/closure", Map.of("outcome", "WENT_ON_HOLIDAY",
                "outcomeDate", future().toString()), null).response().then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItems("outcome", "outcomeDate"));
        post("/api/episodes/" + id + "/closure", Map.of("outcomeDate", today().minusDays(2).toString()), null)
                .response().then().statusCode(400).body("errors.field", hasItems("outcome", "outcomeDate"));
        post("/api/episodes/" + UUID.randomUUID() + "/closure", closure("DIED", today()), null).response().then()
                .statusCode(404);
        post("/api/episodes/" + id + "/follow-up", Map.of("stillAtHome", "YES", "checkedOn", today().toString()), null)
                .response().then().statusCode(409).body("detail", containsString("open"));

        fixtures.awaitProcessed(kafka.sendEvent(Topics.REFERRALS, id, ReferralCancelled.TYPE,
                new ReferralCancelled(id, Instant.now(), CancellationReason.PATIENT_ADMITTED, null)));
        post("/api/episodes/" + id + "/closure", closure("ADMITTED_TO_HOSPITAL", today()), null).response().then()
                .statusCode(409).body("detail", containsString("cancelled"));
        assertThat(fixtures.records(Topics.ALLOCATIONS, id)).extracting(r -> KafkaTestClient.header(r,
                CloudEventHeaders.TYPE)).doesNotContain(EpisodeClosed.TYPE);
    }

    @Test
    void theFollowUpIsRecordedOnceAgainstAClosedReablementEpisodeNoEarlierThan91DaysAfterTheDischarge() {
        // Sent as the patient left, 100 days ago: due 91 days after the receipt.
        String atDischarge = reablementFromHospital(100);
        // Referred before discharge 100 days ago, discharged 60 days ago: due in 31 days.
        String beforeDischarge = reablementFromHospital(100);
        fixtures.awaitProcessed(kafka.sendEvent(Topics.REFERRALS, beforeDischarge, PatientDischarged.TYPE,
                new PatientDischarged(beforeDischarge, UUID.randomUUID().toString(),
                        middayDaysAgo(60), 1, middayDaysAgo(60))));
        for (String id : List.of(atDischarge, beforeDischarge)) {
            post("/api/episodes/" + id + "/closure", closure("REMAINED_AT_HOME", today().minusDays(50)), null)
                    .response().then().statusCode(200);
        }
        Map<String, String> yes = Map.of("stillAtHome", "YES", "checkedOn", today().toString());

        ExtractableResponse<Response> recorded = post("/api/episodes/" + atDischarge + "/follow-up", yes, null);
        assertThat(recorded.statusCode()).isEqualTo(200);
        assertThat(recorded.jsonPath().getString("followUp.stillAtHome")).isEqualTo("YES");
        assertThat(recorded.jsonPath().getString("followUp.checkedOn")).isEqualTo(today().toString());
        assertThat(recorded.jsonPath().getString("followUpDueOn")).isEqualTo(today().minusDays(9).toString());
        post("/api/episodes/" + atDischarge + "/follow-up", yes, null).response().then().statusCode(200);
        post("/api/episodes/" + atDischarge + "/follow-up", Map.of("stillAtHome", "NO", "checkedOn",
                today().toString()), null).response().then().statusCode(409);
        post("/api/episodes/" + atDischarge + "/follow-up", yes, null, OTHER_HUB).response().then().statusCode(403);

        post("/api/episodes/" + beforeDischarge + "/follow-up", yes, null).response().then().statusCode(400)
                .body("errors.field", hasItems("checkedOn"))
                .body("errors[0].message", containsString(today().plusDays(31).toString()));
        String crisis = referral();
        post("/api/episodes/" + crisis + "/closure", closure("REMAINED_AT_HOME", today()), null).response().then()
                .statusCode(200);
        post("/api/episodes/" + crisis + "/follow-up", yes, null).response().then().statusCode(409)
                .body("detail", containsString("no 91-day follow-up"));

        var closed = given().get("/api/hubs/" + HUB + "/caseload").then().statusCode(200).extract().jsonPath();
        assertThat(closed.getString("closed.find { it.referralId == '" + beforeDischarge + "' }.followUpDueOn"))
                .isEqualTo(today().plusDays(31).toString());
        assertThat(closed.getBoolean("closed.find { it.referralId == '" + atDischarge + "' }.followUpDue")).isFalse();
    }
}
