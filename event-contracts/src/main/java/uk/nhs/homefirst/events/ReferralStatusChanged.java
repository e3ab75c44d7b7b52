package uk.nhs.homefirst.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Where a referral stands for its referrer changed: its status, its pathway, the hub holding it or
 * its first visit. For integrators (the referrer's systems, analytics): operational facts and codes
 * only, no patient identifier and no free text; the words of a decline are on referral-service's
 * API. Travels on {@link Topics#REFERRAL_STATUS}, keyed by referral id. Sent for each change after
 * receipt: the first has {@code previousStatus} RECEIVED.
 *
 * @param sequence        1 for the referral's first change, then 2, 3 ...: a consumer keeps the highest
 * @param changedAt       the business time of what changed it: the decision, allocation, send-back, visit,
 *                        cancellation or the episode's closure (its {@code closedAt})
 * @param pathway         the pathway of the decision that stands, or null before triage
 * @param hubId           the hub holding the referral, or null before allocation and while SENT_BACK
 * @param reasonCode      why it was DECLINED (the LDU's reason code), CANCELLED (a CancellationReason) or CLOSED
 *                        (the episode's outcome, an EpisodeOutcome) or SENT_BACK (a SendBackReason), else null
 * @param firstVisitAt    the first visit that saw the patient, or null before one
 * @param referrerOdsCode the referring organisation, so that a referrer's system reads its own
 * @param outcomeDate     CLOSED: the day the episode's outcome happened (Europe/London), else null; optional
 *                        (1.6.0), absent from earlier records
 */
public record ReferralStatusChanged(
        String referralId,
        int sequence,
        ReferralStatus status,
        ReferralStatus previousStatus,
        Instant changedAt,
        Pathway pathway,
        String hubId,
        String reasonCode,
        Instant firstVisitAt,
        String referrerOdsCode,
        LocalDate outcomeDate) {

    public static final String TYPE = "uk.nhs.homefirst.ReferralStatusChanged.v1";
}
