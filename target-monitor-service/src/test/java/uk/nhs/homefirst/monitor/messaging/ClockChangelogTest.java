package uk.nhs.homefirst.monitor.messaging;

import static java.nio.charset.StandardCharsets.UTF_8;
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

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ClockChangelog changelog = new ClockChangelog(json);

    @Test
    void theRecordsAreWhatJacksonWritesAndReadsForTheRecords() throws Exception {
        // Changelogs written before the streaming codec stay readable, and tools may read it as JSON.
        Instant t = Instant.parse("2026-11-23T08:00:00.123456Z");
        List<Evaluation> evaluations = List.of(
                new Evaluation(List.of(new ResponseClock("r", 1, ResponseStandard.TWO_HOUR, t, t.plusSeconds(7200), null,
                        null, null, null, null, "UNALLOCATED", "charnwood-nwl")), null),
                new Evaluation(List.of(), t),
                new Evaluation(List.of(
                        new ResponseClock("s", 1, ResponseStandard.TWO_HOUR, t, t.plusSeconds(7200), null,
                                ClockStatus.EXCLUDED, t.plusSeconds(60), ExclusionReason.CANCELLED, "melton-rutland",
                                "melton-rutland", "melton-rutland"),
                        new ResponseClock("s", 2, ResponseStandard.EIGHTEEN_WEEK, t.plusNanos(1), t.plusSeconds(9_000_000),
                                t.plusSeconds(86_400), ClockStatus.MET, t.plusSeconds(86_400), null, "city-north-west",
                                "city-north-west", "city-north-west")), t.minusSeconds(5)));
        for (Evaluation evaluation : evaluations) {
            String jackson = json.writeValueAsString(evaluation);
            assertThat(new String(changelog.encode(evaluation), UTF_8)).isEqualTo(jackson);
            assertThat(changelog.decode(jackson.getBytes(UTF_8))).isEqualTo(evaluation);
            assertThat(json.readValue(changelog.encode(evaluation), Evaluation.class)).isEqualTo(evaluation);
        }
    }

    @Test
    void aFieldOfALaterVersionIsSkipped() {
        String json = "{\"clocks\":[{\"referralId\":\"r\",\"sequence\":1,\"standard\":\"TWO_HOUR\",\"later\":{\"a\":[1]},"
                + "\"startedAt\":\"2026-11-23T08:00:00Z\",\"deadline\":\"2026-11-23T10:00:00Z\",\"currentHub\":\"charnwood-nwl\","
                + "\"hubAtDeadline\":\"charnwood-nwl\"}],\"note\":\"x\"}";
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        assertThat(changelog.decode(json.getBytes(UTF_8))).isEqualTo(new Evaluation(List.of(new ResponseClock("r", 1,
                ResponseStandard.TWO_HOUR, t, t.plusSeconds(7200), null, null, null, null, null, "charnwood-nwl",
                "charnwood-nwl")), null));
    }

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
        String json = new String(changelog.encode(new Evaluation(List.of(new ResponseClock("r", 1, ResponseStandard.TWO_HOUR, t,
                t.plusSeconds(7200), null, null, null, null, null, "UNALLOCATED", "UNALLOCATED")), null)), UTF_8);
        assertThat(json).doesNotContain("nhsNumber", "name", "postcode", "dateOfBirth");
    }
}
