package uk.nhs.homefirst.referral.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ReferralStatusChanged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.subscription.Notifications;

/**
 * Records a change of where a referral stands for its referrer, in the transaction of the change
 * itself (a consumed decision, allocation, visit or episode closure, or a cancellation), and announces it as
 * ReferralStatusChanged through the outbox, with the notifications its organisation's subscriptions
 * are owed: the change, its announcement and its notifications commit together or not at all.
 */
@ApplicationScoped
public class StatusChanges {

    private static final Logger LOG = Logger.getLogger(StatusChanges.class);

    private final Outbox outbox;
    private final Notifications notifications;

    StatusChanges(Outbox outbox, Notifications notifications) {
        this.outbox = outbox;
        this.notifications = notifications;
    }

    /**
     * @param at the business time of what changed it: the decision, allocation, visit, cancellation or closure
     * @return whether anything the referrer is told changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(Referral referral, StatusSummary before, StatusSummary after, Instant at) {
        if (before.equals(after)) {
            return false;
        }
        referral.status = after.status();
        // Never back in time: a late event with an earlier business time changes where it stands, not when it last changed.
        if (referral.statusChangedAt == null || at.isAfter(referral.statusChangedAt)) {
            referral.statusChangedAt = at;
        }
        referral.statusSequence++;
        outbox.append(Topics.REFERRAL_STATUS, referral.id.toString(), ReferralStatusChanged.TYPE, at,
                event(referral, before, after, at));
        notifications.owe(referral);
        LOG.debugf("Referral %s is now %s (change %d)", referral.id, after.status(), referral.statusSequence);
        return true;
    }

    /** Codes only: the decline's words and a cancellation's text stay on the referrer's API; a closure's outcome is a code. */
    static ReferralStatusChanged event(Referral referral, StatusSummary before, StatusSummary after, Instant at) {
        return new ReferralStatusChanged(referral.id.toString(), referral.statusSequence, contract(after),
                contract(before), at, after.pathway(), after.hubId(), after.reasonCode(), after.firstVisitAt(),
                referral.referrerOdsCode, after.outcomeDate());
    }

    /** Every status named: a new one does not compile until the contract (schema, AsyncAPI) has it too. */
    private static uk.nhs.homefirst.events.ReferralStatus contract(StatusSummary summary) {
        return switch (summary.status()) {
            case RECEIVED -> uk.nhs.homefirst.events.ReferralStatus.RECEIVED;
            case TRIAGED -> uk.nhs.homefirst.events.ReferralStatus.TRIAGED;
            case DECLINED -> uk.nhs.homefirst.events.ReferralStatus.DECLINED;
            case ALLOCATED -> uk.nhs.homefirst.events.ReferralStatus.ALLOCATED;
            case VISITED -> uk.nhs.homefirst.events.ReferralStatus.VISITED;
            case CANCELLED -> uk.nhs.homefirst.events.ReferralStatus.CANCELLED;
            case CLOSED -> uk.nhs.homefirst.events.ReferralStatus.CLOSED;
            case SENT_BACK -> uk.nhs.homefirst.events.ReferralStatus.SENT_BACK;
        };
    }
}
