package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.read.EventReader;

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

    /**
     * The district decides the hub, so every consumer reads it through the contract's schema: every
     * postcode intake accepts must give a district the schema accepts, or a referral accepted here
     * would be dead-lettered downstream. Every outward shape over every letter and digit.
     */
    @Test
    void everyDistrictIntakeGivesIsOneTheContractAccepts() {
        Pattern contract = Pattern.compile(EventReader.contract().schema(EventType.REFERRAL_RECEIVED)
                .at("/properties/patient/properties/postcodeDistrict/pattern").asText());
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        String digits = "0123456789";
        int accepted = 0;
        for (char area : letters.toCharArray()) {
            for (String second : (" " + letters).split("")) {
                for (char digit : digits.toCharArray()) {
                    for (String last : (" " + digits + letters).split("")) {
                        String outward = area + second.strip() + digit + last.strip();
                        Optional<Postcode> postcode = Postcode.parse(outward + " 1AB");
                        if (postcode.isPresent()) {
                            accepted++;
                            assertThat(postcode.get().district()).as(outward).matches(contract);
                        }
                    }
                }
            }
        }
        assertThat(accepted).isGreaterThan(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "LE11", "3TU", "LE11 3T", "LE11 3TUU", "QE11 3TU", "LE11 3CU", "1E11 3TU",
            "LE11-3TU", "LE11  3TU  X", "<script>", "LE111 3TU" })
    void rejectsWhatIsNotAPostcode(String typed) {
        assertThat(Postcode.parse(typed)).isEmpty();
    }
}
