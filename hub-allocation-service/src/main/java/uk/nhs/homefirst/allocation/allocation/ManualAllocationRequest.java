package uk.nhs.homefirst.allocation.allocation;

/**
 * A person (re)allocates a referral to a hub.
 *
 * @param hubId       the hub to take the referral
 * @param allocatedAt when the hub took it, an ISO-8601 instant with an offset; optional, now by default
 */
public record ManualAllocationRequest(String hubId, String allocatedAt) {
}
