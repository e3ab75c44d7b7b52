package uk.nhs.homefirst.allocation.allocation;

/** What the allocation rule decides for a referral after a triage decision. */
public sealed interface AllocationDecision {

    /** Allocate the referral to this hub now: it is the first allocation of the referral. */
    record ToHub(String hubId) implements AllocationDecision {
    }

    /** The referral already has a hub, and a re-triage does not move it. */
    record KeepHub(String hubId) implements AllocationDecision {
    }

    /**
     * The referral needs a hub but no hub covers its district (or it has none). It stays unallocated,
     * visible to ops staff, until someone allocates it by hand or a later decision finds a hub.
     */
    record NoCoveringHub(String postcodeDistrict) implements AllocationDecision {
    }

    /** The pathway sends no hub to the patient (NOT_ACCEPTED): nothing to allocate. */
    record NotForHubs() implements AllocationDecision {
    }
}
