package uk.nhs.homefirst.triage.decision;

/**
 * A case sent back to the review queue, as sent to {@code POST /api/triage/{referralId}/send-back}.
 *
 * @param reason a reason code such as {@code MORE_INFORMATION_NEEDED}, never free text
 */
public record SendBackRequest(String reason) {
}
