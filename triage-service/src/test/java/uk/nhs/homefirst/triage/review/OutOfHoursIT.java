package uk.nhs.homefirst.triage.review;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;
import uk.nhs.homefirst.harness.access.TestTokens;
import uk.nhs.homefirst.triage.support.Callers;
import uk.nhs.homefirst.triage.support.FixturedIT;
import uk.nhs.homefirst.triage.support.FakeReferrals;
import uk.nhs.homefirst.triage.support.TriageTopics;

/**
 * The LDUs' opening hours against a real broker and PostgreSQL, with the shipped hours (08:00 to
 * 20:00 in London; the other tests run open all day): a referral received at night is marked out of
 * hours and comes first on the queue, and each LDU's time to triage counts it.
 */
@QuarkusTest
@TestProfile(OutOfHoursIT.EightToEight.class)
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "triage"))
class OutOfHoursIT extends FixturedIT {

    public static class EightToEight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("homefirst.triage.opening-hours.opens", "08:00", "homefirst.triage.opening-hours.closes", "20:00");
        }
    }

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static Instant london(LocalDate day, int hour) {
        return day.atTime(LocalTime.of(hour, 0)).atZone(LONDON).toInstant();
    }

    /** A county referral the rules cannot place: the catch-all decides it, and it waits for a clinician. */
    private static String unplaced(Instant receivedAt) {
        String id = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.received(id, receivedAt, RequestedUrgency.ROUTINE, ClinicalNeed.CATHETER_CARE));
        eventually().until(() -> given().get("/api/triage/" + id).statusCode() == 200);
        return id;
    }

    @Test
    void aReferralReceivedAtNightComesFirstOnTheQueue() {
        LocalDate today = LocalDate.now(LONDON);
        // The older one came in working hours, the newer at 3 in the morning: without the mark, the older is first.
        String inHours = unplaced(london(today.minusDays(2), 10));
        String atNight = unplaced(london(today.minusDays(1), 3));

        given().get("/api/triage/" + inHours).then().statusCode(200).body("outOfHours", equalTo(false));
        given().get("/api/triage/" + atNight).then().statusCode(200).body("outOfHours", equalTo(true));
        List<Map<String, Object>> queue = given().queryParam("ldu", Callers.COUNTY).queryParam("size", 200)
                .get("/api/triage/queue").then().statusCode(200).extract().jsonPath().getList("items");
        List<Object> ids = queue.stream().map(item -> item.get("referralId")).toList();
        assertThat(ids).contains(inHours, atNight);
        assertThat(ids.indexOf(atNight)).isLessThan(ids.indexOf(inHours));
        assertThat(queue.get(ids.indexOf(atNight))).containsEntry("outOfHours", true);
        // Every out-of-hours case is above every other.
        int lastAtNight = ids.lastIndexOf(queue.stream().filter(i -> Boolean.TRUE.equals(i.get("outOfHours")))
                .reduce((a, b) -> b).orElseThrow().get("referralId"));
        assertThat(queue.subList(0, lastAtNight + 1)).allSatisfy(i -> assertThat(i).containsEntry("outOfHours", true));
    }

    @Test
    void eachLduSeesItsTimeToTriage() {
        Map<String, Object> before = countyWeek();
        LocalDate yesterday = LocalDate.now(LONDON).minusDays(1);
        // Triaged by a clinician 90 minutes after it came in at 10 yesterday; one at night waits; one the rules place.
        String decided = unplaced(london(yesterday, 10));
        given().contentType(ContentType.JSON).body(Json.write(Map.of("pathway", "NEIGHBOURHOOD_NURSING",
                        "reason", "CLINICAL_JUDGEMENT", "decidedAt", london(yesterday, 10).plus(Duration.ofMinutes(90)).toString())))
                .post("/api/triage/" + decided + "/decisions").then().statusCode(201);
        unplaced(london(yesterday, 2));
        String placed = FakeReferrals.newId();
        // In opening hours whatever the time of the run: an hour ago is out of hours after nine in the evening.
        topics.sendReceived(FakeReferrals.received(placed, london(yesterday, 11), RequestedUrgency.CRISIS,
                ClinicalNeed.FALLS));
        eventually().until(() -> given().get("/api/triage/" + placed).statusCode() == 200);

        Map<String, Object> after = countyWeek();
        assertThat(number(after, "received") - number(before, "received")).isEqualTo(3);
        assertThat(number(after, "triagedByRules") - number(before, "triagedByRules")).isEqualTo(1);
        assertThat(number(after, "triagedByClinician") - number(before, "triagedByClinician")).isEqualTo(1);
        assertThat(number(after, "waiting") - number(before, "waiting")).isEqualTo(1);
        assertThat(number(after, "outOfHours") - number(before, "outOfHours")).isEqualTo(1);
        assertThat(after.get("medianWait")).isNotNull();
    }

    @Test
    void aClinicianSeesItsOwnLdusFiguresAndOpsSeeEveryLdus() {
        given().auth().oauth2(Callers.clinicianOf(Callers.CITY)).get("/api/triage/figures").then().statusCode(200)
                .body("ldus.ldu", equalTo(List.of(Callers.CITY)));
        given().auth().oauth2(Callers.clinicianOf(Callers.CITY)).queryParam("ldu", Callers.COUNTY)
                .get("/api/triage/figures").then().statusCode(403);
        given().auth().oauth2(TestTokens.of("ops")).get("/api/triage/figures").then().statusCode(200)
                .body("ldus.ldu", equalTo(List.of(Callers.CITY, Callers.COUNTY)))
                .body("ldus[0].windows.window", equalTo(List.of("24h", "7d", "28d")));
        given().queryParam("ldu", "citty").get("/api/triage/figures").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("ldu"));
        given().auth().oauth2(TestTokens.of("hub-staff")).get("/api/triage/figures").then().statusCode(403);
    }

    private static Map<String, Object> countyWeek() {
        JsonPath body = given().queryParam("ldu", Callers.COUNTY).get("/api/triage/figures").then().statusCode(200)
                .extract().jsonPath();
        return body.getMap("ldus[0].windows.find { it.window == '7d' }");
    }

    private static int number(Map<String, Object> figure, String name) {
        return ((Number) figure.get(name)).intValue();
    }
}
