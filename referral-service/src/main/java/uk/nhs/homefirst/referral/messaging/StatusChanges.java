package uk.nhs.homefirst.referral.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * Records a change of where a referral stands for its referrer, in the transaction of the change
 * itself (a consumed decision, allocation or visit, or a cancellation).
 */
@ApplicationScoped
public class StatusChanges {

    private static final Logger LOG = Logger.getLogger(StatusChanges.class);

    /**
     * @param at the business time of what changed it: the decision, allocation, visit or cancellation
     * @return whether anything the referrer is told changed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean apply(Referral referral, StatusSummary before, StatusSummary after, Instant at) {
        if (before.equals(after)) {
            return false;
        }
        referral.status = after.status();
        referral.statusChangedAt = at;
        referral.statusSequence++;
        LOG.debugf("Referral %s is now %s (change %d)", referral.id, after.status(), referral.statusSequence);
        return true;
    }
}
