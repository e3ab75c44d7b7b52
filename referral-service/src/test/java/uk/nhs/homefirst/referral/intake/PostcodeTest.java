package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostcodeTest {

    @ParameterizedTest
    @CsvSource({
            "LE11 3TU, LE11, LE11 3TU",
            "le113tu, LE11, LE11 3TU",
            "LE1 6WB, LE1, LE1 6WB",
            "LE13TU, LE1, LE1 3TU",
            "PE9 1AA, PE9, PE9 1AA",
            "EC1A 1BB, EC1A, EC1A 1BB",
            "W1A 0AX, W1A, W1A 0AX",
            "M1 1AE, M1, M1 1AE",
            "B33 8TH, B33, B33 8TH",
            "CR2 6XH, CR2, CR2 6XH",
            "DN55 1PT, DN55, DN55 1PT" })
    void parsesTheRoyalMailShapesAndGivesTheDistrict(String typed, String district, String formatted) {
        Postcode postcode = Postcode.parse(typed).orElseThrow();
        assertThat(postcode.district()).isEqualTo(district);
        assertThat(postcode).hasToString(formatted);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "LE11", "3TU", "LE11 3T", "LE11 3TUU", "QE11 3TU", "LE11 3CU", "1E11 3TU",
            "LE11-3TU", "LE11  3TU  X", "<script>", "LE111 3TU" })
    void rejectsWhatIsNotAPostcode(String typed) {
        assertThat(Postcode.parse(typed)).isEmpty();
    }
}
