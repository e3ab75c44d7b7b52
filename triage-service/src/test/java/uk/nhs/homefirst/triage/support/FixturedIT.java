package uk.nhs.homefirst.triage.support;

import static io.restassured.RestAssured.given;
import static uk.nhs.homefirst.triage.support.TriageTopics.eventually;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.RequestedUrgency;

/**
 * What the triage ITs set up alike: the topics' client of the test class's own, admin's token on
 * every request unless one says otherwise, business times in whole seconds, and a referral received
 * and triaged by the rules.
 */
public abstract class FixturedIT {

    protected static TriageTopics topics;

    @BeforeAll
    static void connect() {
        topics = new TriageTopics();
        Callers.actAsAdmin();
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    /** Whole seconds, as the events carry them. */
    protected static Instant minutesAgo(long minutes) {
        return Instant.now().minus(Duration.ofMinutes(minutes)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A referral received and triaged by the rules; returns its id once decision 1 is stored. */
    protected static String triagedReferral(Instant receivedAt, RequestedUrgency urgency, ClinicalNeed... needs) {
        String id = FakeReferrals.newId();
        topics.sendReceived(FakeReferrals.received(id, receivedAt, urgency, needs));
        eventually().until(() -> given().when().get("/api/triage/" + id).statusCode() == 200);
        return id;
    }
}
