package uk.nhs.homefirst.allocation.episode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.platform.problem.Problem;

/** An episode's closure and its 91-day follow-up, judged field by field, in London days. */
class EpisodeValidatorTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    // 23:30 on 3 December in London is still 3 December; in UTC too (GMT in winter).
    static final Instant RECEIVED = Instant.parse("2026-12-03T23:30:00Z");

    static java.util.List<String> fields(EpisodeValidator.ClosureResult result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void aKnownOutcomeOnADayFromTheReceiptToTodayCloses() {
        for (LocalDate day : new LocalDate[] {LocalDate.of(2026, 12, 3), TODAY}) {
            EpisodeValidator.ClosureResult result = EpisodeValidator.validateClosure(
                    new EpisodeCloseRequest("ADMITTED_TO_HOSPITAL", day.toString()), TODAY, RECEIVED);
            assertThat(result.violations().isEmpty()).isTrue();
            assertThat(result.valid()).isEqualTo(new EpisodeValidator.Closure(EpisodeOutcome.ADMITTED_TO_HOSPITAL, day));
        }
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThat(fields(EpisodeValidator.validateClosure(null, TODAY, RECEIVED)))
                .containsExactly("outcome", "outcomeDate");
        assertThat(fields(EpisodeValidator.validateClosure(new EpisodeCloseRequest("WENT_HOME", "07/12/2026"), TODAY,
                RECEIVED))).containsExactly("outcome", "outcomeDate");
        assertThat(fields(EpisodeValidator.validateClosure(new EpisodeCloseRequest("DIED", "2026-12-08"), TODAY,
                RECEIVED))).as("tomorrow").containsExactly("outcomeDate");
        assertThat(fields(EpisodeValidator.validateClosure(new EpisodeCloseRequest("DIED", "2026-12-02"), TODAY,
                RECEIVED))).as("the day before the receipt").containsExactly("outcomeDate");
    }

    @Test
    void todayIsTheLondonDayAllowingForTheSendersClock() {
        assertThat(EpisodeValidator.today(Instant.parse("2026-06-30T23:30:00Z"), Duration.ZERO))
                .as("00:30 BST").isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(EpisodeValidator.today(Instant.parse("2026-12-07T23:59:00Z"), Duration.ofMinutes(2)))
                .isEqualTo(LocalDate.of(2026, 12, 8));
    }

    @Test
    void onlyReablementAfterAHospitalDischargeHasAFollowUpDue91DaysAfterTheDischarge() {
        Instant discharged = Instant.parse("2026-09-01T10:00:00Z");
        assertThat(EpisodeValidator.hasFollowUp(Pathway.HOME_FIRST_REABLEMENT, ReferralSource.ACUTE_HOSPITAL, null))
                .isTrue();
        assertThat(EpisodeValidator.hasFollowUp(Pathway.HOME_FIRST_REABLEMENT, ReferralSource.GP, discharged)).isTrue();
        assertThat(EpisodeValidator.hasFollowUp(Pathway.HOME_FIRST_REABLEMENT, ReferralSource.GP, null)).isFalse();
        assertThat(EpisodeValidator.hasFollowUp(Pathway.URGENT_CRISIS_RESPONSE, ReferralSource.ACUTE_HOSPITAL,
                discharged)).isFalse();
        assertThat(EpisodeValidator.followUpDueOn(Instant.parse("2026-08-29T10:00:00Z"), discharged))
                .isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(EpisodeValidator.followUpDueOn(Instant.parse("2026-08-29T10:00:00Z"), null))
                .as("without a confirmed discharge, from the receipt").isEqualTo(LocalDate.of(2026, 11, 28));
    }

    @Test
    void aFollowUpIsCheckedFromItsDueDayToTodayAndSaysYesNoOrUnknown() {
        LocalDate due = LocalDate.of(2026, 12, 1);
        EpisodeValidator.FollowUpResult ok = EpisodeValidator.validateFollowUp(new FollowUpRequest("YES", "2026-12-01"),
                TODAY, due);
        assertThat(ok.valid()).isEqualTo(new EpisodeValidator.FollowUp(FollowUpAnswer.YES, due));
        assertThat(EpisodeValidator.validateFollowUp(new FollowUpRequest("PROBABLY", "2026-11-30"), TODAY, due)
                .violations().errors()).extracting(Problem.FieldError::field).containsExactly("stillAtHome", "checkedOn");
        assertThat(EpisodeValidator.validateFollowUp(new FollowUpRequest("UNKNOWN", "2026-12-08"), TODAY, due)
                .violations().errors()).extracting(Problem.FieldError::field).containsExactly("checkedOn");
        assertThat(EpisodeValidator.validateFollowUp(null, TODAY, due).violations().errors())
                .extracting(Problem.FieldError::field).containsExactly("stillAtHome", "checkedOn");
    }
}
