package uk.nhs.homefirst.triage.review;

/** Why a case is on the review queue: each is something a person must do. */
public enum ReviewReason {
    /** The rules decided by their catch-all row: no rule recognised the referral's needs, so a clinician confirms. */
    RULES_DEFAULT,
    /** No LDU route covers the referral's locality: admin routes it. */
    UNROUTED,
    /** A clinician sent it back for review, with a reason. */
    SENT_BACK,
    /**
     * The hub holding it sent it back (wrong pathway, more information needed, outside its area, the patient
     * declined), releasing its allocation: the LDU decides it again or places it in a hub.
     */
    HUB_SENT_BACK,
    /** A decision passed it on from another LDU (or admin routed it): the LDU it came to confirms it. */
    PASSED_ON,
    /**
     * It came with no clinical need: the referrer's SNOMED CT reason maps to none of ours (a stock
     * FHIR referral). A clinician reads the reason and decides, whatever the rules decided meanwhile.
     */
    UNCODED_NEEDS,
    /**
     * The rules put it on {@code BED_BASED} (a community hospital or reablement bed): a clinician chooses which
     * bed, by a decision naming its bed type, before one is arranged.
     */
    BED_TYPE_NEEDED,
    /** It has waited for its first decision longer than the configured time. */
    WAITING_TOO_LONG
}
