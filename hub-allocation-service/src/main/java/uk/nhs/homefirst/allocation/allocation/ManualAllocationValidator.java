package uk.nhs.homefirst.allocation.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import uk.nhs.homefirst.platform.problem.Violations;

/** Judges a manual allocation of one referral and reports every invalid field at once. */
public final class ManualAllocationValidator {

    private ManualAllocationValidator() {
    }

    public record Valid(String hubId, Instant allocatedAt) {
    }

    /** @param valid the allocation to make, or null when {@code violations} is not empty */
    public record Result(Valid valid, Violations violations) {
    }

    /**
     * @param hubIds             the hubs that exist
     * @param receivedAt         the referral's clock start: no hub can take it earlier
     * @param currentAllocatedAt when the hub holding the referral took it, or null: allocations follow each other in time
     * @param now                the service's time, the default allocatedAt
     * @param tolerance          how far in the future a sender's clock may be
     */
    public static Result validate(ManualAllocationRequest request, Set<String> hubIds, Instant receivedAt,
            Instant currentAllocatedAt, Instant now, Duration tolerance) {
        Violations v = new Violations();
        if (request == null) {
            v.add("hubId", "is required: the id of the hub to take the referral");
            return new Result(null, v);
        }
        String hubId = request.hubId() == null ? null : request.hubId().strip();
        if (hubId == null || hubId.isEmpty()) {
            v.add("hubId", "is required: the id of the hub to take the referral");
        } else if (!hubIds.contains(hubId)) {
            v.add("hubId", "is not a hub; GET /api/hubs lists them");
        }
        Instant allocatedAt = BusinessTime.parse(v, "allocatedAt", request.allocatedAt(), false);
        if (allocatedAt == null && (request.allocatedAt() == null || request.allocatedAt().isBlank())) {
            allocatedAt = now;
        }
        if (allocatedAt != null) {
            BusinessTime.notInFuture(v, "allocatedAt", allocatedAt, now, tolerance);
            if (BusinessTime.notBefore(v, "allocatedAt", allocatedAt, receivedAt, "the time the referral was received")) {
                BusinessTime.notBefore(v, "allocatedAt", allocatedAt, currentAllocatedAt,
                        "the referral's current allocation");
            }
        }
        return new Result(v.isEmpty() ? new Valid(hubId, allocatedAt) : null, v);
    }
}
