package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @ValueSource(strings = { "0116 496 0000", "01164960000", "07700 900123", "07700-900-123", "(0116) 496 0000",
            "+44 116 496 0000", "+44 (0)116 496 0000", "+447700900123", "0800 123 4567", "+353 1 234 5678",
            "020 7946 0000" })
    void telephoneNumbersAsPeopleWriteThem(String typed) {
        assertThat(PhoneNumber.isValid(typed)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "999", "0116 496", "1164960000", "00000000000", "+44 0116 496 0000 1",
            "+0 123 456 789", "call me", "0116 496 0000 ext 12", "07700 900123; DROP TABLE", "+44 116 496 000000",
            "0116\n4960000", "123456789012345678901234567890123" })
    void otherTextIsNot(String typed) {
        assertThat(PhoneNumber.isValid(typed)).isFalse();
    }
}
