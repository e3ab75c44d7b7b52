package uk.nhs.homefirst.triage.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.triage.rules.TriageRules;

class ReviewQueueTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration UNDECIDED_AFTER = Duration.ofMinutes(15);

    private static ReviewQueue.State state(String ldu, int decisions, String by, String rule, String cause) {
        return new ReviewQueue.State(NOW.minus(Duration.ofMinutes(20)), false, ldu, decisions, by, rule, cause);
    }

    @Test
    void onlyTheRulesCatchAllDecisionWaitsForAClinician() {
        assertThat(ReviewQueue.reasons(state("city", 1, "rules", TriageRules.NURSING_DEFAULT, null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.RULES_DEFAULT);
        for (TriageRules.Rule rule : TriageRules.TABLE.subList(0, TriageRules.TABLE.size() - 1)) {
            assertThat(ReviewQueue.reasons(state("city", 1, "rules", rule.code(), null), NOW, UNDECIDED_AFTER))
                    .as(rule.code()).isEmpty();
        }
        assertThat(ReviewQueue.reasons(state("city", 2, "staff-1", TriageRules.NURSING_DEFAULT, null), NOW, UNDECIDED_AFTER))
                .as("a clinician chose the same code: confirmed").isEmpty();
    }

    @Test
    void unroutedSentBackPassedOnAndLateCasesWaitTooButNeverACancelledOne() {
        assertThat(ReviewQueue.reasons(state(null, 1, "rules", "CRISIS_REQUESTED", null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.UNROUTED);
        assertThat(ReviewQueue.reasons(state("city", 2, "staff-1", "X", "SENT_BACK"), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.SENT_BACK);
        assertThat(ReviewQueue.reasons(state("city", 2, "staff-1", "X", "PASSED_ON"), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.PASSED_ON);
        assertThat(ReviewQueue.reasons(state("city", 0, null, null, null), NOW, UNDECIDED_AFTER))
                .containsExactly(ReviewReason.WAITING_TOO_LONG);
        assertThat(ReviewQueue.reasons(state("city", 0, null, null, null), NOW, Duration.ofMinutes(30))).isEmpty();
        assertThat(ReviewQueue.reasons(new ReviewQueue.State(NOW.minus(Duration.ofDays(1)), true, null, 0, null, null,
                "SENT_BACK"), NOW, UNDECIDED_AFTER)).isEmpty();
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
