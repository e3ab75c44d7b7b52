package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerhoeffTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "217082002", // accidental fall
            "22298006", // myocardial infarction
            "73211009", // diabetes mellitus
            "404684003", // clinical finding
            "2776000", // delirium
            "248279007", // frailty
            "1912002", // fall
            "195951007", // acute exacerbation of COPD
            "38341003", // hypertension
            "1240751000000100", // UK extension: a long-format concept id
            "900000000000003001" })
    void realSnomedIdsCarryAValidCheckDigit(String sctid) {
        assertThat(Verhoeff.isValid(sctid)).isTrue();
        assertThat(Verhoeff.checkDigit(sctid.substring(0, sctid.length() - 1)))
                .isEqualTo(sctid.charAt(sctid.length() - 1) - '0');
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "217082003", // wrong check digit
            "217082000",
            "227082002", // one digit mistyped
            "217080202", // two adjacent digits swapped
            "22298060", // the check digit swapped with its neighbour
            "73211090",
            "40468403" // a digit left out
    })
    void aMistypedIdFailsTheCheck(String typed) {
        assertThat(Verhoeff.isValid(typed)).isFalse();
    }

    @Test
    void everySingleDigitErrorOfARealIdIsCaught() {
        String sctid = "217082002";
        for (int position = 0; position < sctid.length(); position++) {
            for (char digit = '0'; digit <= '9'; digit++) {
                if (digit == sctid.charAt(position)) {
                    continue;
                }
                String typo = sctid.substring(0, position) + digit + sctid.substring(position + 1);
                assertThat(Verhoeff.isValid(typo)).as(typo).isFalse();
            }
        }
    }

    @Test
    void theKnownTestVectorHoldsAndNonDigitsAreRefused() {
        assertThat(Verhoeff.checkDigit("236")).isEqualTo(3);
        assertThat(Verhoeff.isValid("2363")).isTrue();
        assertThat(Verhoeff.isValid(null)).isFalse();
        assertThat(Verhoeff.isValid("")).isFalse();
        assertThat(Verhoeff.isValid("2")).isFalse();
        assertThat(Verhoeff.isValid("21708200X")).isFalse();
        assertThatThrownBy(() -> Verhoeff.checkDigit("12a")).isInstanceOf(IllegalArgumentException.class);
    }
}
