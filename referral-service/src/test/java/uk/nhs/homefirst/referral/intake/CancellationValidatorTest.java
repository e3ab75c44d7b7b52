package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.platform.problem.Problem;

class CancellationValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void aReasonAloneIsEnoughAndTheTextIsKeptWhenGiven() {
        var plain = validate(new CancellationRequest("patient_admitted", null, null)).valid().orElseThrow();
        assertThat(plain.reason()).isEqualTo(CancellationReason.PATIENT_ADMITTED);
        assertThat(plain.statedCancelledAt()).isNull();
        var withText = validate(new CancellationRequest("PATIENT_DECLINED", " Declined on the phone.\nWill call back. ",
                "2026-11-23T10:30:00+00:00")).valid().orElseThrow();
        assertThat(withText.text()).isEqualTo("Declined on the phone.\nWill call back.");
        assertThat(withText.statedCancelledAt()).isEqualTo(Instant.parse("2026-11-23T10:30:00Z"));
    }

    @Test
    void otherNeedsItsText() {
        assertThat(fields(new CancellationRequest("OTHER", "  ", null))).containsExactly("text");
        assertThat(validate(new CancellationRequest("OTHER", "Moved out of the area", null)).valid()).isPresent();
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        assertThat(fields(new CancellationRequest("CHANGED_MY_MIND", "x".repeat(501), "tomorrow")))
                .containsExactly("reason", "text", "cancelledAt");
        assertThat(fields(new CancellationRequest(null, "bell\u0007", null))).containsExactly("reason", "text");
        assertThat(fields(null)).containsExactly("");
    }

    @Test
    void theTimeIsNeitherInTheFutureNorBeforeTheReferralWasReceived() {
        assertThat(fields(new CancellationRequest("RAISED_IN_ERROR", null, NOW.plusSeconds(1).toString())))
                .containsExactly("cancelledAt");
        assertThat(fields(new CancellationRequest("RAISED_IN_ERROR", null, RECEIVED.minusSeconds(1).toString())))
                .containsExactly("cancelledAt");
        assertThat(fields(new CancellationRequest("RAISED_IN_ERROR", null, RECEIVED.toString()))).isEmpty();
        assertThat(fields(new CancellationRequest("RAISED_IN_ERROR", null, NOW.toString()))).isEmpty();
    }

    @Test
    void aRepeatIsTheSameReasonAndTextAndTimeUnlessNoneIsStated() {
        var repeat = new ValidCancellation(CancellationReason.OTHER, "Moved away", null);
        assertThat(repeat.repeats(CancellationReason.OTHER, "Moved away", NOW)).isTrue();
        assertThat(repeat.repeats(CancellationReason.OTHER, "Moved abroad", NOW)).isFalse();
        assertThat(repeat.repeats(CancellationReason.PATIENT_DIED, "Moved away", NOW)).isFalse();
        var timed = new ValidCancellation(CancellationReason.PATIENT_DIED, null, RECEIVED);
        assertThat(timed.repeats(CancellationReason.PATIENT_DIED, null, RECEIVED)).isTrue();
        assertThat(timed.repeats(CancellationReason.PATIENT_DIED, null, NOW)).isFalse();
    }

    private static CancellationValidator.Result validate(CancellationRequest request) {
        return CancellationValidator.validate(request, NOW, RECEIVED);
    }

    private static List<String> fields(CancellationRequest request) {
        return validate(request).violations().errors().stream().map(Problem.FieldError::field).toList();
    }
}
