package uk.nhs.homefirst.allocation.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.InvalidRequestException;
import uk.nhs.homefirst.platform.problem.Problem;

/** The configured capacity is checked at start; admin's changes field by field. */
class HubCapacitiesTest {

    private static final Set<String> HUBS = Set.of("charnwood-nwl", "melton-rutland");

    @Test
    void configuredCapacityOfAKnownHubAndPathwayIsTaken() {
        assertThat(HubCapacities.defaults(Map.of("charnwood-nwl", Map.of("URGENT_CRISIS_RESPONSE", 8)), HUBS))
                .isEqualTo(Map.of("charnwood-nwl", Map.of(Pathway.URGENT_CRISIS_RESPONSE, 8)));
        assertThat(HubCapacities.defaults(Map.of(), HUBS)).isEmpty();
    }

    @Test
    void configuredCapacityOfAnUnknownHubOrPathwayOrANegativeOneStopsTheStart() {
        assertThatThrownBy(() -> HubCapacities.defaults(Map.of("nottingham", Map.of("BED_BASED", 1)), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nottingham");
        assertThatThrownBy(() -> HubCapacities.defaults(Map.of("charnwood-nwl", Map.of("NOT_ACCEPTED", 1)), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT_ACCEPTED");
        assertThatThrownBy(() -> HubCapacities.defaults(Map.of("charnwood-nwl", Map.of("BED_BASED", -1)), HUBS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BED_BASED");
    }

    @Test
    void aChangeNamesEachBadPathwayAndLimitAndNullIsUnlimited() {
        Map<String, Integer> limits = new HashMap<>();
        limits.put("BED_BASED", null);
        limits.put("PLANNED_THERAPY", 3);
        assertThat(HubCapacities.valid(new CapacityRequest(limits)))
                .containsEntry(Pathway.BED_BASED, null).containsEntry(Pathway.PLANNED_THERAPY, 3).hasSize(2);

        assertThatThrownBy(() -> HubCapacities.valid(new CapacityRequest(Map.of("WALKING", 1, "END_OF_LIFE", 10_001))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field)
                        .containsExactlyInAnyOrder("dailyLimits.WALKING", "dailyLimits.END_OF_LIFE"));
        assertThatThrownBy(() -> HubCapacities.valid(new CapacityRequest(null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(Problem.FieldError::field).containsExactly("dailyLimits"));
    }
}
