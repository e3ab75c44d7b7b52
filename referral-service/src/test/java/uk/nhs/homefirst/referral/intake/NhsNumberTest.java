package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

    @ParameterizedTest
    @ValueSource(strings = { "9434765919", "4010232137", "9999999999", "0000000019", "1111111111" })
    void acceptsNumbersWhoseCheckDigitMatches(String number) {
        assertThat(NhsNumber.isValid(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "9434765918", "9434765910", "4010232136", "9999999990" })
    void rejectsAWrongCheckDigit(String number) {
        assertThat(NhsNumber.isValid(number)).isFalse();
    }

    @ParameterizedTest
    // The weighted sums of these leave a remainder of 1, so the check digit would be 10: no valid number.
    @ValueSource(strings = { "1234567890", "1234567891", "9990000000", "9991234560", "1000000010" })
    void rejectsEveryNumberWhoseCheckDigitWouldBeTen(String number) {
        assertThat(NhsNumber.isValid(number)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "943476591", "94347659190", "943476591X", "94347 5919", "-434765919" })
    void rejectsAnythingButTenDigits(String number) {
        assertThat(NhsNumber.isValid(number)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(NhsNumber.isValid(null)).isFalse();
    }

    @Test
    void removesTheSpacesAndHyphensPeopleType() {
        assertThat(NhsNumber.normalise("943 476 5919")).isEqualTo("9434765919");
        assertThat(NhsNumber.normalise("943-476-5919")).isEqualTo("9434765919");
    }

    @Test
    void numbersStartingWith999AreTestNumbers() {
        assertThat(NhsNumber.isTestNumber("9999999999")).isTrue();
        assertThat(NhsNumber.isTestNumber("9434765919")).isFalse();
    }
}
