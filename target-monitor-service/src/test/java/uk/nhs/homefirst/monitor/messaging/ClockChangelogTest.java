package uk.nhs.homefirst.monitor.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.ExclusionReason;
import uk.nhs.homefirst.monitor.clock.ResponseClock;

class ClockChangelogTest {

    private final ClockChangelog changelog = new ClockChangelog(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS));

    @Test
    void anEvaluationSurvivesTheTopicUnchanged() {
        Instant t = Instant.parse("2026-11-23T08:00:00.123Z");
        Evaluation evaluation = new Evaluation(List.of(
                new ResponseClock("r", 1, ResponseStandard.TWO_HOUR, t, t.plusSeconds(7200), null, ClockStatus.EXCLUDED,
                        t.plusSeconds(60), ExclusionReason.RETRIAGED, "charnwood-nwl", "charnwood-nwl", "melton-rutland"),
                new ResponseClock("r", 2, ResponseStandard.TWO_DAY, t.plusSeconds(60), t.plusSeconds(172860),
                        t.plusSeconds(3600), ClockStatus.MET, t.plusSeconds(3600), null, "melton-rutland",
                        "melton-rutland", "melton-rutland")), null);

        assertThat(changelog.decode(changelog.encode(evaluation))).isEqualTo(evaluation);
    }

    @Test
    void nothingToCountIsATombstone() {
        assertThat(changelog.encode(Evaluation.NOTHING)).isNull();
        assertThat(changelog.decode(null)).isEqualTo(Evaluation.NOTHING);
        Evaluation awaiting = new Evaluation(List.of(), Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(changelog.decode(changelog.encode(awaiting))).isEqualTo(awaiting);
    }

    @Test
    void theChangelogCarriesNoPatientData() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        String json = changelog.encode(new Evaluation(List.of(new ResponseClock("r", 1, ResponseStandard.TWO_HOUR, t,
                t.plusSeconds(7200), null, null, null, null, null, "UNALLOCATED", "UNALLOCATED")), null));
        assertThat(json).doesNotContain("nhsNumber", "name", "postcode", "dateOfBirth");
    }
}
