package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import uk.nhs.homefirst.allocation.allocation.UnallocatedReason;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * A referral that needs a hub but has none: no hub covers its postcode district (or it has none), or
 * every hub it could go to was full that day.
 *
 * @param postcodeDistrict the district, or null when triage gave none
 * @param reason           NO_COVERING_HUB or ALL_HUBS_FULL; null for referrals left unallocated before it was kept
 * @param fullHubs         with ALL_HUBS_FULL, the home hub and its overflow hubs, in the order tried
 */
public record UnallocatedView(String referralId, Pathway pathway, ResponseStandard standard, Instant receivedAt,
        int decisionNumber, Instant decidedAt, String postcodeDistrict, UnallocatedReason reason,
        List<String> fullHubs) {

    static UnallocatedView of(ReferralCase c) {
        return new UnallocatedView(c.referralId.toString(), c.pathway, c.standard, c.receivedAt, c.decisionNumber,
                c.decidedAt, c.postcodeDistrict, c.unallocatedReason, hubs(c.fullHubs));
    }

    static List<String> hubs(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? List.of()
                : Arrays.asList(commaSeparated.split(","));
    }
}
