package uk.nhs.homefirst.allocation.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static uk.nhs.homefirst.allocation.it.Fixtures.anHourAgo;
import static uk.nhs.homefirst.allocation.it.Fixtures.awaitAllocated;
import static uk.nhs.homefirst.allocation.it.Fixtures.decision;
import static uk.nhs.homefirst.allocation.it.Fixtures.newReferralId;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseClockChanged;
import uk.nhs.homefirst.events.ResponseClockStatus;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.harness.Json;
import uk.nhs.homefirst.harness.KafkaTestResource;
import uk.nhs.homefirst.harness.PostgresTestResource;

/**
 * The caseload's deadlines from response-clocks, through a real broker, PostgreSQL and REST: each open
 * referral shows its running clock's deadline as the target monitor announced it (kept, marked breached, once
 * announced breached), the hub counts
 * those falling today (Europe/London), the later announcement of a clock stands whatever the order,
 * a repeated event changes nothing and an unreadable one goes to response-clocks.dlq.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, parallel = true)
@WithTestResource(value = PostgresTestResource.class, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "hub_allocation"))
class ResponseClockDeadlinesIT extends FixturedIT {

    static final String HUB = "city-south-east"; // LE2
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    String referral() {
        String id = newReferralId();
        fixtures.triage(decision(id, 1, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR, "LE2", anHourAgo()));
        assertThat(awaitAllocated(id).getString("hubId")).isEqualTo(HUB);
        return id;
    }

    String announce(String id, int clock, ResponseClockStatus status, Instant deadline, Instant changedAt) {
        String eventId = kafka.sendEvent(Topics.RESPONSE_CLOCKS, id, ResponseClockChanged.TYPE, new ResponseClockChanged(
                id, clock, HUB, ResponseStandard.TWO_HOUR, status, deadline.minus(2, ChronoUnit.HOURS), deadline,
                changedAt));
        fixtures.awaitProcessed(eventId);
        return eventId;
    }

    static JsonPath caseload() {
        return Fixtures.asStaffOf(HUB).get("/api/hubs/" + HUB + "/caseload").then().statusCode(200).extract().jsonPath();
    }

    static String deadlineOf(JsonPath caseload, String id) {
        return caseload.getString("referrals.find { it.referralId == '" + id + "' }.deadline");
    }

    @Test
    void theCaseloadShowsEachRunningDeadlineAndCountsThoseFallingToday() {
        LocalDate today = LocalDate.now(LONDON);
        Instant todayNoon = today.atTime(LocalTime.NOON).atZone(LONDON).toInstant();
        Instant tomorrowNoon = todayNoon.plus(1, ChronoUnit.DAYS);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String dueToday = referral();
        String dueTomorrow = referral();
        String met = referral();
        String none = referral();
        int before = caseload().getInt("deadlinesToday");

        announce(dueToday, 1, ResponseClockStatus.PENDING, todayNoon, t);
        announce(dueTomorrow, 1, ResponseClockStatus.PENDING, tomorrowNoon, t);
        announce(met, 1, ResponseClockStatus.MET, todayNoon, t.plusSeconds(60));
        // Its PENDING announcement comes after the MET one that followed it: the later changedAt stands.
        String late = announce(met, 1, ResponseClockStatus.PENDING, todayNoon, t);

        JsonPath caseload = caseload();
        assertThat(Instant.parse(deadlineOf(caseload, dueToday))).isEqualTo(todayNoon);
        assertThat(Instant.parse(deadlineOf(caseload, dueTomorrow))).isEqualTo(tomorrowNoon);
        assertThat(deadlineOf(caseload, met)).as("met: no clock runs").isNull();
        assertThat(deadlineOf(caseload, none)).as("none announced").isNull();
        assertThat(caseload.getInt("deadlinesToday")).isEqualTo(before + 1);

        // A re-triage's second clock, due tomorrow, after the first was excluded: the latest running one counts.
        announce(dueToday, 1, ResponseClockStatus.EXCLUDED, todayNoon, t.plusSeconds(120));
        announce(dueToday, 2, ResponseClockStatus.PENDING, tomorrowNoon, t.plusSeconds(120));
        // An event id already applied is not applied again, whatever it carries; the next event of the
        // referral (same partition, so after it) shows it was passed over.
        kafka.sendEvent(Topics.RESPONSE_CLOCKS, dueToday, late, ResponseClockChanged.TYPE, Json.write(
                new ResponseClockChanged(dueToday, 2, HUB, ResponseStandard.TWO_HOUR, ResponseClockStatus.MET,
                        tomorrowNoon.minus(2, ChronoUnit.HOURS), tomorrowNoon, t.plusSeconds(3600))));
        announce(dueToday, 1, ResponseClockStatus.EXCLUDED, todayNoon, t.plusSeconds(120));
        caseload = caseload();
        assertThat(Instant.parse(deadlineOf(caseload, dueToday))).isEqualTo(tomorrowNoon);
        assertThat(caseload.getInt("deadlinesToday")).isEqualTo(before);
    }

    @Test
    void aClockAnnouncedBreachedKeepsItsDeadlineAndShowsTheBreach() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant deadline = t.minus(1, ChronoUnit.MINUTES);
        String id = referral();
        announce(id, 1, ResponseClockStatus.PENDING, deadline, t.minus(2, ChronoUnit.HOURS));
        JsonPath caseload = caseload();
        assertThat(Instant.parse(deadlineOf(caseload, id))).isEqualTo(deadline);
        assertThat(breachedOf(caseload, id)).as("pending").isFalse();

        // The monitor announces the breach when the deadline passes with no visit.
        announce(id, 1, ResponseClockStatus.BREACHED, deadline, deadline);
        caseload = caseload();
        assertThat(Instant.parse(deadlineOf(caseload, id))).as("a breached deadline stays").isEqualTo(deadline);
        assertThat(breachedOf(caseload, id)).isTrue();
    }

    static boolean breachedOf(JsonPath caseload, String id) {
        return caseload.getBoolean("referrals.find { it.referralId == '" + id + "' }.breached");
    }

    @Test
    void anUnreadableAnnouncementGoesToTheDeadLetterTopic() {
        String id = UUID.randomUUID().toString();
        kafka.sendEvent(Topics.RESPONSE_CLOCKS, id, UUID.randomUUID().toString(), ResponseClockChanged.TYPE,
                "{\"referralId\":\"" + id + "\"}");
        await().atMost(Fixtures.PATIENCE).until(() -> kafka.read(Topics.RESPONSE_CLOCKS_DLQ, r -> id.equals(r.key())),
                records -> !records.isEmpty());
    }
}
