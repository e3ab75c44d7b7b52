package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * The referrer withdrew a referral. Travels on {@link Topics#REFERRALS}.
 *
 * @param reasonText free text; required when the reason is OTHER, otherwise may be null
 */
public record ReferralCancelled(
        String referralId,
        Instant cancelledAt,
        CancellationReason reason,
        String reasonText) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralCancelled.v1";
}
