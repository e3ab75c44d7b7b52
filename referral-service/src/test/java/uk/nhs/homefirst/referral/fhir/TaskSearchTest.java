package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSearchTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Test
    void aDateInSummerIsLondonsDayNotUtcs() {
        TaskSearch search = TaskSearch.parse(Map.of("authored-on", List.of("2026-07-01")), LONDON);

        assertThat(search.issues()).isEmpty();
        assertThat(search.criteria().receivedFrom()).isEqualTo(Instant.parse("2026-06-30T23:00:00Z"));
        assertThat(search.criteria().receivedTo()).isEqualTo(Instant.parse("2026-07-01T23:00:00Z"));
    }

    @Test
    void aDateInWinterIsUtcsDayToo() {
        TaskSearch search = TaskSearch.parse(Map.of("modified", List.of("ge2026-12-08", "lt2026-12-10")), LONDON);

        assertThat(search.criteria().modifiedFrom()).isEqualTo(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(search.criteria().modifiedTo()).isEqualTo(Instant.parse("2026-12-10T00:00:00Z"));
    }

    @Test
    void theDayTheClocksGoForwardHas23Hours() {
        TaskSearch search = TaskSearch.parse(Map.of("authored-on", List.of("eq2026-03-29")), LONDON);

        assertThat(search.criteria().receivedFrom()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
        assertThat(search.criteria().receivedTo()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
    }

    @Test
    void aDateTimeIsItsInstantWhateverTheZone() {
        TaskSearch search = TaskSearch.parse(Map.of("authored-on", List.of("gt2026-07-01T09:00:00+01:00")), LONDON);

        assertThat(search.criteria().receivedFrom()).isEqualTo(Instant.parse("2026-07-01T08:00:00.000001Z"));
        assertThat(search.criteria().receivedTo()).isNull();
    }

    @Test
    void aDateThatIsNotOneIsNamed() {
        TaskSearch search = TaskSearch.parse(Map.of("authored-on", List.of("2026-13-01")), LONDON);

        assertThat(search.issues()).extracting(FhirIssue::expression).containsExactly("authored-on");
    }
}
