package uk.nhs.homefirst.events;

/**
 * How a referral's episode of care with its hub ended, as hub staff record it when they close it.
 * A code, never free text: free text about an outcome may name the patient.
 */
public enum EpisodeOutcome {
    /** The patient remained at home. */
    REMAINED_AT_HOME,
    /** The patient was admitted to hospital. */
    ADMITTED_TO_HOSPITAL,
    /** The patient moved to a reablement or community hospital bed (intermediate care). */
    MOVED_TO_INTERMEDIATE_CARE_BED,
    /** The patient moved to long-term care (a care home). */
    MOVED_TO_LONG_TERM_CARE,
    /** The patient died. */
    DIED,
    /** The patient declined further care. */
    DECLINED_FURTHER_CARE
}
