package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnomedConceptIdTest {

    @ParameterizedTest
    @ValueSource(strings = { "217082002", "22298006", "73211009", "1912002", "2776000", "248279007", "195951007",
            "1240751000000100" })
    void conceptIdsAreValid(String sctid) {
        assertThat(SnomedConceptId.problem(sctid)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "217082003, CHECK_DIGIT",
            "217080202, CHECK_DIGIT",
            "12345, FORMAT", // too short
            "0217082002, FORMAT", // leading zero
            "1234567890123456789, FORMAT", // 19 digits
            "21708200X, FORMAT",
            "'217 082 002', FORMAT",
            // Valid Verhoeff digits, but the partition is not that of a concept:
            "123456017, NOT_A_CONCEPT", // partition 01: a description id
            "123456029, NOT_A_CONCEPT", // 02: a relationship id
            "123456119, NOT_A_CONCEPT" // 11: a description id of an extension
    })
    void otherIdsAreNot(String typed, SnomedConceptId.Problem problem) {
        assertThat(SnomedConceptId.problem(typed)).isEqualTo(problem);
    }
}
