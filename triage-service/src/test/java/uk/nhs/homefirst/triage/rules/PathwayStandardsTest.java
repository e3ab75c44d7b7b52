package uk.nhs.homefirst.triage.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

class PathwayStandardsTest {

    @Test
    void theDefaultsAreTheNationalStandards() {
        PathwayStandards standards = PathwayStandards.defaults();
        assertThat(standards.standardOf(Pathway.URGENT_CRISIS_RESPONSE)).contains(ResponseStandard.TWO_HOUR);
        assertThat(standards.standardOf(Pathway.HOME_FIRST_REABLEMENT)).contains(ResponseStandard.TWO_DAY);
        assertThat(standards.standardOf(Pathway.END_OF_LIFE)).contains(ResponseStandard.TWO_DAY);
        assertThat(standards.standardOf(Pathway.PLANNED_THERAPY)).contains(ResponseStandard.EIGHTEEN_WEEK);
        assertThat(standards.standardOf(Pathway.NEIGHBOURHOOD_NURSING)).isEmpty();
        assertThat(standards.standardOf(Pathway.BED_BASED)).isEmpty();
        assertThat(standards.standardOf(Pathway.NOT_ACCEPTED)).isEmpty();
    }

    @Test
    void noOverridesKeepsTheDefaults() {
        assertThat(PathwayStandards.withOverrides(Map.of()).asMap()).isEqualTo(PathwayStandards.DEFAULTS);
    }

    @Test
    void aPathwayWithoutAStandardCanBeGivenOne() {
        PathwayStandards standards = PathwayStandards.withOverrides(Map.of(Pathway.NEIGHBOURHOOD_NURSING, "TWO_DAY"));
        assertThat(standards.standardOf(Pathway.NEIGHBOURHOOD_NURSING)).contains(ResponseStandard.TWO_DAY);
        assertThat(standards.standardOf(Pathway.URGENT_CRISIS_RESPONSE)).contains(ResponseStandard.TWO_HOUR);
    }

    @Test
    void aStandardCanBeChangedOrTakenAway() {
        PathwayStandards standards = PathwayStandards.withOverrides(Map.of(
                Pathway.END_OF_LIFE, "two-hour",
                Pathway.PLANNED_THERAPY, "none"));
        assertThat(standards.standardOf(Pathway.END_OF_LIFE)).contains(ResponseStandard.TWO_HOUR);
        assertThat(standards.standardOf(Pathway.PLANNED_THERAPY)).isEqualTo(Optional.empty());
        assertThat(standards.standardOf(Pathway.HOME_FIRST_REABLEMENT)).contains(ResponseStandard.TWO_DAY);
    }

    @Test
    void anUnknownStandardIsRefusedNamingThePathway() {
        assertThatThrownBy(() -> PathwayStandards.withOverrides(Map.of(Pathway.BED_BASED, "FOUR_HOUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BED_BASED")
                .hasMessageContaining("TWO_HOUR")
                .hasMessageContaining("NONE");
    }

    @Test
    void theDefaultsCannotBeChangedByAnOverride() {
        PathwayStandards.withOverrides(Map.of(Pathway.URGENT_CRISIS_RESPONSE, "NONE"));
        assertThat(PathwayStandards.defaults().standardOf(Pathway.URGENT_CRISIS_RESPONSE))
                .contains(ResponseStandard.TWO_HOUR);
    }
}
