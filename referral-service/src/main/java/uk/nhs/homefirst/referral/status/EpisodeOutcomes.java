package uk.nhs.homefirst.referral.status;

import uk.nhs.homefirst.events.EpisodeOutcome;

/**
 * The words a referrer reads for how its referral's episode of care ended. Hub staff record a code,
 * never free text; every outcome is one the referring clinician is entitled to know of their patient.
 */
public final class EpisodeOutcomes {

    private EpisodeOutcomes() {
    }

    /** What the referrer reads for this outcome code, or null for a code this service does not know. */
    public static String words(String code) {
        EpisodeOutcome outcome;
        try {
            outcome = code == null ? null : EpisodeOutcome.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return outcome == null ? null : switch (outcome) {
            case REMAINED_AT_HOME -> "Remained at home: the episode of care ended with the patient at home.";
            case ADMITTED_TO_HOSPITAL -> "Admitted to hospital.";
            case MOVED_TO_INTERMEDIATE_CARE_BED -> "Moved to a reablement or community hospital bed.";
            case MOVED_TO_LONG_TERM_CARE -> "Moved to long-term care (a care home).";
            case DIED -> "The patient died.";
            case DECLINED_FURTHER_CARE -> "The patient declined further care.";
        };
    }
}
