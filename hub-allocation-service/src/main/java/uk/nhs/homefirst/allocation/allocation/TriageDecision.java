package uk.nhs.homefirst.allocation.allocation;

import uk.nhs.homefirst.events.Pathway;

/**
 * The facts of a triage decision that allocation needs.
 *
 * @param postcodeDistrict  the district in capitals, or null when the referral has none that can be read
 * @param gpPracticeOdsCode the ODS code of the patient's registered GP practice, or null
 */
public record TriageDecision(int decisionNumber, Pathway pathway, String postcodeDistrict, String gpPracticeOdsCode) {

    /** A decision whose practice is not known. */
    public TriageDecision(int decisionNumber, Pathway pathway, String postcodeDistrict) {
        this(decisionNumber, pathway, postcodeDistrict, null);
    }
}
