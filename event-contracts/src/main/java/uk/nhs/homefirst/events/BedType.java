package uk.nhs.homefirst.events;

/**
 * The bed of a {@link Pathway#BED_BASED} decision ("pathway 3"), as the LDU clinician chose it. A code:
 * which ward or home is arranged stays with the people arranging it.
 */
public enum BedType {
    /** A reablement bed (intermediate care in a care home or unit), short term, with therapy. */
    REABLEMENT_BED,
    /** A bed on a community hospital ward. */
    COMMUNITY_HOSPITAL_BED
}
