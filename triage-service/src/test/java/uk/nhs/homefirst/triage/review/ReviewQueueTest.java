package uk.nhs.homefirst.triage.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ResponseStandard;

class ReviewQueueTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration UNDECIDED_AFTER = Duration.ofMinutes(15);

    private static ReviewQueue.State state(String ldu, int decisions, boolean toConfirm, String cause) {
        return new ReviewQueue.State(NOW.minus(Duration.ofMinutes(20)), false, ldu, decisions, toConfirm, cause);
    }

    @Test
    void onlyADecisionOfARowToConfirmWaitsForAClinician() {
        assertThat(ReviewQueue.reasons(state("city", 1, true, null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.RULES_DEFAULT);
        assertThat(ReviewQueue.reasons(state("city", 1, false, null), NOW, UNDECIDED_AFTER)).isEmpty();
        assertThat(ReviewQueue.reasons(state("city", 2, false, null), NOW, UNDECIDED_AFTER))
                .as("a clinician's decision: confirmed").isEmpty();
    }

    @Test
    void unroutedSentBackPassedOnAndLateCasesWaitTooButNeverACancelledOne() {
        assertThat(ReviewQueue.reasons(state(null, 1, false, null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.UNROUTED);
        assertThat(ReviewQueue.reasons(state("city", 2, false, "SENT_BACK"), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.SENT_BACK);
        assertThat(ReviewQueue.reasons(state("city", 2, false, "PASSED_ON"), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.PASSED_ON);
        assertThat(ReviewQueue.reasons(state("city", 0, false, null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.WAITING_TOO_LONG);
        assertThat(ReviewQueue.reasons(state("city", 0, false, null), NOW, Duration.ofMinutes(30))).isEmpty();
        assertThat(ReviewQueue.reasons(new ReviewQueue.State(NOW.minus(Duration.ofDays(1)), true, null, 0, false,
                "SENT_BACK"), NOW, UNDECIDED_AFTER)).isEmpty();
    }

    @Test
    void aBedBasedDecisionWithNoBedTypeWaitsForAClinicianToChooseTheBed() {
        assertThat(ReviewQueue.reasons(new ReviewQueue.State(NOW.minus(Duration.ofMinutes(20)), false, "city", 1, false,
                null, true), NOW, UNDECIDED_AFTER)).containsExactly(ReviewReason.BED_TYPE_NEEDED);
        assertThat(ReviewQueue.reasons(new ReviewQueue.State(NOW.minus(Duration.ofMinutes(20)), false, "city", 2, false,
                null, false), NOW, UNDECIDED_AFTER)).as("the bed type chosen").isEmpty();
        assertThat(ReviewQueue.reasons(new ReviewQueue.State(NOW.minus(Duration.ofMinutes(20)), true, "city", 1, false,
                null, true), NOW, UNDECIDED_AFTER)).as("cancelled").isEmpty();
    }

    @Test
    void aCaseBreachesAtItsReceiptPlusItsStandardsDuration() {
        Instant received = Instant.parse("2026-12-07T08:00:00Z");
        assertThat(ReviewQueue.breachesAt(received, ResponseStandard.TWO_HOUR)).contains(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(ReviewQueue.breachesAt(received, ResponseStandard.TWO_DAY)).contains(Instant.parse("2026-12-09T08:00:00Z"));
        assertThat(ReviewQueue.breachesAt(received, ResponseStandard.EIGHTEEN_WEEK))
                .contains(received.plus(Duration.ofDays(126)));
        assertThat(ReviewQueue.breachesAt(received, null)).isEmpty();
        assertThat(ReviewQueue.DEADLINES).containsOnlyKeys(ResponseStandard.values());
    }
}
