package uk.nhs.homefirst.allocation.allocation;

import uk.nhs.homefirst.events.Pathway;

/**
 * The facts of a triage decision that allocation needs.
 *
 * @param postcodeDistrict the district in capitals, or null when the referral has none that can be read
 */
public record TriageDecision(int decisionNumber, Pathway pathway, String postcodeDistrict) {
}
