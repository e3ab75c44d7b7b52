package uk.nhs.homefirst.allocation.allocation;

import java.util.List;

/** What the allocation rule decides for a referral after a triage decision. */
public sealed interface AllocationDecision {

    /**
     * Allocate the referral to this hub now: it is the first allocation of the referral.
     *
     * @param fullHubs the hubs passed over because they were full for the day, in the order tried
     * @param locality what chose the home hub: the GP practice or the postcode district
     */
    record ToHub(String hubId, AllocationReason reason, List<String> fullHubs, LocalityBasis locality)
            implements AllocationDecision {
        public ToHub {
            fullHubs = List.copyOf(fullHubs);
        }

        /** To the home hub of the postcode district, which had room. */
        public ToHub(String hubId) {
            this(hubId, AllocationReason.HOME_HUB, List.of(), LocalityBasis.POSTCODE_DISTRICT);
        }

        /** Chosen from the home hub of the postcode district. */
        public ToHub(String hubId, AllocationReason reason, List<String> fullHubs) {
            this(hubId, reason, fullHubs, LocalityBasis.POSTCODE_DISTRICT);
        }
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

    /**
     * The home hub and every hub of its overflow order are full for the day: the referral stays
     * unallocated, on its LDU's list, for a person to place.
     */
    record AllHubsFull(String homeHubId, List<String> fullHubs) implements AllocationDecision {
        public AllHubsFull {
            fullHubs = List.copyOf(fullHubs);
        }
    }

    /** The pathway sends no hub to the patient (NOT_ACCEPTED): nothing to allocate. */
    record NotForHubs() implements AllocationDecision {
    }
}
