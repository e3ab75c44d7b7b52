package uk.nhs.homefirst.referral.intake;

/**
 * A cancellation as a referrer sends it to {@code POST /api/referrals/{id}/cancellation}. Text
 * throughout, so that every invalid field is reported at once.
 *
 * @param reason      one of {@link uk.nhs.homefirst.events.CancellationReason}
 * @param text        required for OTHER, optional otherwise; it may name the patient, so it is never logged
 * @param cancelledAt when the referral was withdrawn, if not now: not in the future, not before it was received
 */
public record CancellationRequest(String reason, String text, String cancelledAt) {
}
