package uk.nhs.homefirst.allocation.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import uk.nhs.homefirst.events.Pathway;

/**
 * How a triaged referral reaches a hub. Plain rules, no framework:
 * <ul>
 * <li>A referral on a pathway that sends a hub to the patient (anything but NOT_ACCEPTED) goes to
 * the hub of the patient's registered GP practice when the practice is listed, else to the hub that
 * covers its postcode district.</li>
 * <li>When that hub has reached its daily capacity for the pathway, the next hub with room in its
 * overflow order; when all are full, the referral stays unallocated for its LDU to place.</li>
 * <li>Neither practice nor district covered (or no district): the referral stays unallocated and visible.</li>
 * <li>Allocation happens once, on the first decision that needs a hub. A later re-triage changes
 * the pathway and standard but keeps the hub; moving a referral is a manual reallocation.</li>
 * <li>A decision older than (or the same as) the one the case holds changes nothing.</li>
 * </ul>
 */
public final class AllocationRule {

    private AllocationRule() {
    }

    /** Whether hub staff visit a patient on this pathway. */
    public static boolean visitsPatients(Pathway pathway) {
        return pathway != null && pathway != Pathway.NOT_ACCEPTED;
    }

    /** Allocation by postcode district alone, no hub ever full, for a referral that has no hub yet. */
    public static AllocationDecision byDistrict(Pathway pathway, String postcodeDistrict, HubCoverage coverage) {
        return byDistrict(pathway, postcodeDistrict, coverage, Capacity.UNLIMITED);
    }

    /**
     * Allocation by postcode district for a referral that has no hub yet: the home hub if it has room
     * for the pathway today, else the first with room in its overflow order, else none.
     */
    public static AllocationDecision byDistrict(Pathway pathway, String postcodeDistrict, HubCoverage coverage,
            Capacity capacity) {
        return byLocality(pathway, null, postcodeDistrict, coverage, capacity);
    }

    /**
     * Allocation by locality for a referral that has no hub yet: the home hub is the GP practice's when
     * it is listed, else the postcode district's; then that hub if it has room for the pathway today,
     * else the first with room in its overflow order, else none.
     */
    public static AllocationDecision byLocality(Pathway pathway, String gpPracticeOdsCode, String postcodeDistrict,
            HubCoverage coverage, Capacity capacity) {
        Objects.requireNonNull(coverage, "coverage");
        Objects.requireNonNull(capacity, "capacity");
        if (!visitsPatients(pathway)) {
            return new AllocationDecision.NotForHubs();
        }
        Optional<HubCoverage.Home> home = coverage.homeOf(gpPracticeOdsCode, postcodeDistrict);
        if (home.isEmpty()) {
            return new AllocationDecision.NoCoveringHub(postcodeDistrict);
        }
        String homeHub = home.get().hubId();
        LocalityBasis basis = home.get().basis();
        if (capacity.hasRoom(homeHub, pathway)) {
            return new AllocationDecision.ToHub(homeHub, AllocationReason.HOME_HUB, List.of(), basis);
        }
        List<String> full = new ArrayList<>(List.of(homeHub));
        for (String next : capacity.overflowOrder(homeHub)) {
            if (capacity.hasRoom(next, pathway)) {
                return new AllocationDecision.ToHub(next, AllocationReason.OVERFLOW, full, basis);
            }
            full.add(next);
        }
        return new AllocationDecision.AllHubsFull(homeHub, full);
    }

    /**
     * What a triage decision does to a case.
     *
     * @param storedDecisionNumber the number of the decision the case holds, or null when there is no case yet
     * @param currentHubId         the hub holding the referral, or null when it has none
     */
    public static TriageEffect onDecision(Integer storedDecisionNumber, String currentHubId, TriageDecision decision,
            HubCoverage coverage) {
        return onDecision(storedDecisionNumber, currentHubId, decision, coverage, Capacity.UNLIMITED);
    }

    /** As {@link #onDecision(Integer, String, TriageDecision, HubCoverage)}, the hubs' capacity counted. */
    public static TriageEffect onDecision(Integer storedDecisionNumber, String currentHubId, TriageDecision decision,
            HubCoverage coverage, Capacity capacity) {
        Objects.requireNonNull(decision, "decision");
        if (storedDecisionNumber != null && decision.decisionNumber() <= storedDecisionNumber) {
            return new TriageEffect.Stale(storedDecisionNumber);
        }
        if (currentHubId != null) {
            return new TriageEffect.Apply(new AllocationDecision.KeepHub(currentHubId));
        }
        return new TriageEffect.Apply(byLocality(decision.pathway(), decision.gpPracticeOdsCode(),
                decision.postcodeDistrict(), coverage, capacity));
    }
}
