package uk.nhs.homefirst.triage.decision;

/**
 * A bed arranged for a BED_BASED referral, as sent to {@code PUT /api/triage/{referralId}/bed}: text, so that
 * {@link DecisionValidator#validateArrangement} names each field that is wrong.
 *
 * @param bedType    a {@link uk.nhs.homefirst.events.BedType}; optional when the current decision names one (kept)
 * @param arrangedAt when the bed was arranged: an ISO-8601 instant, not in the future, not before the referral
 */
public record BedArrangementRequest(String bedType, String arrangedAt) {
}
