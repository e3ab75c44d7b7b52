package uk.nhs.homefirst.referral.status;

import java.time.Instant;
import java.time.LocalDate;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.referral.store.ReferralStatus;

/**
 * Where a referral stands for its referrer ({@link Progress#summary}); a change of any part is a
 * status change, announced as ReferralStatusChanged and to the referrer's subscriptions.
 *
 * @param pathway      the pathway of the decision that stands, once triaged (NOT_ACCEPTED when declined); once
 *                     CLOSED, the pathway it was closed on
 * @param hubId        the hub holding the referral, once allocated; once CLOSED, the hub that closed it
 * @param reasonCode   why it was declined (the LDU's reason code) or cancelled (the cancellation reason), or how its
 *                     episode ended (the EpisodeOutcome); a code, never free text
 * @param firstVisitAt the first visit that saw the patient
 * @param outcomeDate  CLOSED: the day of the episode's outcome
 */
public record StatusSummary(ReferralStatus status, Pathway pathway, String hubId, String reasonCode,
        Instant firstVisitAt, LocalDate outcomeDate) {

    public StatusSummary(ReferralStatus status, Pathway pathway, String hubId, String reasonCode, Instant firstVisitAt) {
        this(status, pathway, hubId, reasonCode, firstVisitAt, null);
    }
}
