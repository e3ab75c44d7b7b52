package uk.nhs.homefirst.allocation.allocation;

import java.util.Objects;
import uk.nhs.homefirst.events.Pathway;

/**
 * How a triaged referral reaches a hub. Plain rules, no framework:
 * <ul>
 * <li>A referral on a pathway that sends a hub to the patient (anything but NOT_ACCEPTED) goes to
 * the hub that covers its postcode district.</li>
 * <li>No covering hub, or no district: the referral stays unallocated and visible.</li>
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

    /** Allocation by postcode district alone, for a referral that has no hub yet. */
    public static AllocationDecision byDistrict(Pathway pathway, String postcodeDistrict, HubCoverage coverage) {
        Objects.requireNonNull(coverage, "coverage");
        if (!visitsPatients(pathway)) {
            return new AllocationDecision.NotForHubs();
        }
        return coverage.hubFor(postcodeDistrict)
                .<AllocationDecision>map(AllocationDecision.ToHub::new)
                .orElseGet(() -> new AllocationDecision.NoCoveringHub(postcodeDistrict));
    }

    /**
     * What a triage decision does to a case.
     *
     * @param storedDecisionNumber the number of the decision the case holds, or null when there is no case yet
     * @param currentHubId         the hub holding the referral, or null when it has none
     */
    public static TriageEffect onDecision(Integer storedDecisionNumber, String currentHubId, TriageDecision decision,
            HubCoverage coverage) {
        Objects.requireNonNull(decision, "decision");
        if (storedDecisionNumber != null && decision.decisionNumber() <= storedDecisionNumber) {
            return new TriageEffect.Stale(storedDecisionNumber);
        }
        if (currentHubId != null) {
            return new TriageEffect.Apply(new AllocationDecision.KeepHub(currentHubId));
        }
        return new TriageEffect.Apply(byDistrict(decision.pathway(), decision.postcodeDistrict(), coverage));
    }
}
