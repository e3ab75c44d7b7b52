package uk.nhs.homefirst.allocation.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.platform.problem.Problem;

class ManualAllocationValidatorTest {

    static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-03-02T09:00:00Z");
    static final Set<String> HUBS = Set.of("charnwood-nwl", "city-north-west");
    static final Duration TOLERANCE = Duration.ofMinutes(2);

    @Test
    void aKnownHubWithoutATimeIsAllocatedNow() {
        var result = validate(new ManualAllocationRequest("charnwood-nwl", null), null);
        assertThat(result.violations().isEmpty()).isTrue();
        assertThat(result.valid()).isEqualTo(new ManualAllocationValidator.Valid("charnwood-nwl", NOW));
    }

    @Test
    void aStatedTimeIsKeptWithItsOffsetResolved() {
        var result = validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T10:30:00+01:00"), null);
        assertThat(result.valid().allocatedAt()).isEqualTo(Instant.parse("2026-03-02T09:30:00Z"));
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        var result = validate(new ManualAllocationRequest("nowhere", "2026-03-02T13:00:00Z"), null);
        assertThat(result.valid()).isNull();
        assertThat(result.violations().errors()).extracting(Problem.FieldError::field)
                .containsExactlyInAnyOrder("hubId", "allocatedAt");
    }

    @Test
    void aTimeBeforeTheReferralOrItsCurrentAllocationOrWithoutOffsetIsRefused() {
        assertThat(fields(validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T08:59:59Z"), null)))
                .containsExactly("allocatedAt");
        assertThat(fields(validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T10:00:00Z"),
                Instant.parse("2026-03-02T11:00:00Z")))).containsExactly("allocatedAt");
        assertThat(fields(validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T10:00:00"), null)))
                .containsExactly("allocatedAt");
    }

    @Test
    void aTimeWithinTheClockSkewToleranceIsAccepted() {
        assertThat(validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T12:01:59Z"), null)
                .violations().isEmpty()).isTrue();
        assertThat(fields(validate(new ManualAllocationRequest("charnwood-nwl", "2026-03-02T12:02:01Z"), null)))
                .containsExactly("allocatedAt");
    }

    @Test
    void aMissingBodyOrHubIsNamed() {
        assertThat(fields(ManualAllocationValidator.validate(null, HUBS, RECEIVED, null, NOW, TOLERANCE)))
                .containsExactly("hubId");
        assertThat(fields(validate(new ManualAllocationRequest(" ", null), null))).containsExactly("hubId");
    }

    private static ManualAllocationValidator.Result validate(ManualAllocationRequest request, Instant current) {
        return ManualAllocationValidator.validate(request, HUBS, RECEIVED, current, NOW, TOLERANCE);
    }

    private static java.util.List<String> fields(ManualAllocationValidator.Result result) {
        return result.violations().errors().stream().map(Problem.FieldError::field).toList();
    }
}
