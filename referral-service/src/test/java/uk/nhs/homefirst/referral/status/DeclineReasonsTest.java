package uk.nhs.homefirst.referral.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DeclineReasonsTest {

    /** What a referrer is told to do: each row's words end with one of these instructions. */
    private static final String[] ACTIONS = {"Refer", "Call", "Contact", "Manage", "Discuss", "No new referral"};

    static Stream<Arguments> rows() {
        return DeclineReasons.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachReasonSaysWhyAndWhatTheReferrerCanDo(String code, String words) {
        assertThat(code).matches(DeclineReasons.CODE);
        assertThat(DeclineReasons.words(code)).isEqualTo(words);
        String[] sentences = words.split("(?<=\\.) ");
        assertThat(sentences).as("why, then what to do").hasSizeGreaterThanOrEqualTo(2);
        String last = sentences[sentences.length - 1];
        assertThat(Stream.of(ACTIONS).anyMatch(last::startsWith)).as("the last sentence is what to do: " + last).isTrue();
        assertThat(words).endsWith(".").hasSizeLessThan(300).doesNotContain("_");
    }

    @Test
    void theReasonsTheLduRecordsAreListedAndAnUnlistedCodeStillSaysWhatToDo() {
        assertThat(DeclineReasons.all()).containsKeys("OUT_OF_AREA", "MORE_INFORMATION_NEEDED", "CLINICAL_JUDGEMENT",
                "NEEDS_EMERGENCY_CARE");
        assertThat(DeclineReasons.listed("SOMETHING_NEW")).isFalse();
        assertThat(DeclineReasons.words("SOMETHING_NEW")).isEqualTo(DeclineReasons.UNLISTED).contains("Call the LDU");
        assertThat(DeclineReasons.words(null)).isEqualTo(DeclineReasons.UNLISTED);
        assertThat(DeclineReasons.all()).hasSizeGreaterThanOrEqualTo(10).isInstanceOf(Map.class);
    }
}
