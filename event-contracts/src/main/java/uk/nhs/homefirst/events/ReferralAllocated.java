package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * A hub took a referral. A later allocation of the same referral (a reallocation) has the next
 * {@code allocationNumber}; the hub holding a referral at any time is the latest allocation at or
 * before that time.
 */
public record ReferralAllocated(
        String referralId,
        String allocationId,
        int allocationNumber,
        String hubId,
        Instant allocatedAt,
        AllocationMethod method,
        Pathway pathway) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralAllocated.v1";
}
