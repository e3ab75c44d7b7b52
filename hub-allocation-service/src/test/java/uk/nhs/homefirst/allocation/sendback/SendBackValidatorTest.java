package uk.nhs.homefirst.allocation.sendback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.platform.problem.Problem;

class SendBackValidatorTest {

    private static List<String> fields(SendBackValidator.Result result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }

    private static SendBackValidator.Result validate(String code, String reason) {
        return SendBackValidator.validate(new SendBackRequest(code, reason), "hub-nurse-7");
    }

    @Test
    void aReasonCodeAndWordsAreTakenTheWordsTrimmed() {
        var valid = validate("WRONG_PATHWAY", "  Needs a bed, not a visit.\nDiscussed with the ward.  ").valid();
        assertThat(valid.reasonCode()).isEqualTo(SendBackReason.WRONG_PATHWAY);
        assertThat(valid.reason()).isEqualTo("Needs a bed, not a visit.\nDiscussed with the ward.");
        for (SendBackReason code : SendBackReason.values()) {
            assertThat(validate(code.name(), "x").violations().isEmpty()).isTrue();
        }
    }

    @Test
    void theReasonCodeIsOneOfTheShortListAndNamedWhenNot() {
        assertThat(fields(validate(null, "words"))).containsExactly("reasonCode");
        assertThat(fields(validate(" ", "words"))).containsExactly("reasonCode");
        var unknown = validate("TOO_BUSY", "words");
        assertThat(fields(unknown)).containsExactly("reasonCode");
        assertThat(unknown.violations().errors().get(0).message()).contains("WRONG_PATHWAY", "PATIENT_DECLINED")
                .doesNotContain("TOO_BUSY");
    }

    @Test
    void theWordsAreRequiredBoundedAndWithoutControlCharacters() {
        assertThat(fields(validate("OUTSIDE_AREA", null))).containsExactly("reason");
        assertThat(fields(validate("OUTSIDE_AREA", "   "))).containsExactly("reason");
        assertThat(validate("OUTSIDE_AREA", "a".repeat(SendBackValidator.MAX_REASON)).violations().isEmpty()).isTrue();
        var tooLong = validate("OUTSIDE_AREA", "a".repeat(SendBackValidator.MAX_REASON + 1));
        assertThat(fields(tooLong)).containsExactly("reason");
        assertThat(tooLong.violations().errors().get(0).message()).contains("500").doesNotContain("aaaa");
        assertThat(fields(validate("OUTSIDE_AREA", "bell\u0007"))).containsExactly("reason");
    }

    @Test
    void everyInvalidFieldIsNamedAtOnceAndAMissingBodyNamesBoth() {
        assertThat(fields(validate("NOPE", ""))).containsExactly("reasonCode", "reason");
        assertThat(fields(SendBackValidator.validate(null, "hub-nurse-7"))).containsExactly("reasonCode", "reason");
    }

    @Test
    void theSenderMustHaveAnIdTheEventCanCarry() {
        assertThat(fields(SendBackValidator.validate(new SendBackRequest("WRONG_PATHWAY", "x"), null)))
                .containsExactly("sentBackBy");
        assertThat(fields(SendBackValidator.validate(new SendBackRequest("WRONG_PATHWAY", "x"), "s".repeat(65))))
                .containsExactly("sentBackBy");
    }
}
