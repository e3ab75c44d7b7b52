package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * A referral that needs a hub but has none: no hub covers its postcode district, or it has none.
 *
 * @param postcodeDistrict the district no hub covers, or null when triage gave none
 */
public record UnallocatedView(String referralId, Pathway pathway, ResponseStandard standard, Instant receivedAt,
        int decisionNumber, Instant decidedAt, String postcodeDistrict) {

    static UnallocatedView of(ReferralCase c) {
        return new UnallocatedView(c.referralId.toString(), c.pathway, c.standard, c.receivedAt, c.decisionNumber,
                c.decidedAt, c.postcodeDistrict);
    }
}
