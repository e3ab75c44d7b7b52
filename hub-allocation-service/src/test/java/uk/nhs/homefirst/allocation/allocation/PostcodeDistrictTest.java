package uk.nhs.homefirst.allocation.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PostcodeDistrictTest {

    @ParameterizedTest
    @CsvSource({"LE1, LE1", "LE11, LE11", "le65, LE65", " PE9 , PE9", "W1A, W1A", "EC1A, EC1A", "B1, B1", "M60, M60"})
    void aDistrictIsReadInCapitals(String raw, String district) {
        assertThat(PostcodeDistrict.normalise(raw)).contains(district);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"LE11 3TU", "LE", "1LE", "LEI1", "LE111", "ABC1", "LE-1", "   "})
    void anythingElseIsNotADistrict(String raw) {
        assertThat(PostcodeDistrict.normalise(raw)).isEmpty();
    }
}
