package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.allocation.allocation.AllocationReason;
import uk.nhs.homefirst.allocation.allocation.LocalityBasis;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.SendBack;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * Where a referral stands with the hubs.
 *
 * @param status      CANCELLED, NOT_ACCEPTED, CLOSED (its episode), ALLOCATED or UNALLOCATED, in that order
 *                    of precedence
 * @param episode     the closed episode with its outcome (and 91-day follow-up), or null while it is open
 * @param hubId       the hub holding the referral now, or null
 * @param allocations every allocation, oldest first
 * @param visits      every visit, by visit time
 * @param sendBacks   every time a hub sent it back to its LDU, oldest first, with the staff's words
 */
public record ReferralAllocationView(
        String referralId,
        String status,
        String hubId,
        Pathway pathway,
        ResponseStandard standard,
        Instant receivedAt,
        int decisionNumber,
        Instant decidedAt,
        String postcodeDistrict,
        Instant allocatedAt,
        Instant cancelledAt,
        CancellationReason cancellationReason,
        List<AllocationView> allocations,
        List<VisitView> visits,
        EpisodeView episode,
        List<SendBackView> sendBacks) {

    /**
     * @param reason   why this hub: HOME_HUB, OVERFLOW, MANUAL or MANUAL_OVER_CAPACITY (null before capacity was kept)
     * @param fullHubs the hubs passed over as full that day, in the order tried
     * @param locality what chose the home hub of an automatic allocation: GP_PRACTICE or POSTCODE_DISTRICT;
     *                 null for a manual one (and those made before practices were consulted)
     * @param releasedAt    when its hub sent the referral back to the LDU, or null
     * @param releaseReason that send-back's reason code, or null
     */
    public record AllocationView(String allocationId, int allocationNumber, String hubId, Instant allocatedAt,
            AllocationMethod method, Pathway pathway, AllocationReason reason, List<String> fullHubs,
            LocalityBasis locality, Instant releasedAt, String releaseReason) {

        static AllocationView of(Allocation a) {
            return new AllocationView(a.id.toString(), a.allocationNumber, a.hubId, a.allocatedAt, a.method, a.pathway,
                    a.reason, UnallocatedView.hubs(a.fullHubs), a.locality, a.releasedAt, a.releaseReason);
        }
    }

    static ReferralAllocationView of(ReferralCase c, List<Allocation> allocations, List<Visit> visits,
            Instant dischargedAt) {
        return new ReferralAllocationView(c.referralId.toString(), status(c), c.hubId, c.pathway, c.standard,
                c.receivedAt, c.decisionNumber, c.decidedAt, c.postcodeDistrict, c.allocatedAt, c.cancelledAt,
                c.cancellationReason, allocations.stream().map(AllocationView::of).toList(),
                visits.stream().map(VisitView::of).toList(), EpisodeView.of(c, dischargedAt),
                SendBack.ofReferral(c.referralId).stream().map(SendBackView::of).toList());
    }

    static String status(ReferralCase c) {
        if (c.cancelled()) {
            return "CANCELLED";
        }
        if (c.pathway == Pathway.NOT_ACCEPTED) {
            return "NOT_ACCEPTED";
        }
        if (c.episodeClosed()) {
            return "CLOSED";
        }
        return c.hubId != null ? "ALLOCATED" : "UNALLOCATED";
    }
}
