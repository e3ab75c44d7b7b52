package uk.nhs.homefirst.allocation.sendback;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.allocation.UnallocatedReason;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.SendBack;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralSentBack;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;

/**
 * A hub sends a referral back to its LDU: its allocation is released (the referral leaves the caseload and
 * waits, unallocated, on its LDU's list, where a clinician places it by hand or a new decision allocates it
 * again), and ReferralSentBack is announced in the same transaction, for triage's review queue.
 */
@ApplicationScoped
public class SendBacks {

    private static final Logger LOG = Logger.getLogger(SendBacks.class);

    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry meters;

    SendBacks(Outbox outbox, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @throws ProblemException 404 unknown referral; 403 not staff of the hub holding it (nor, once sent back, of
     *                          the hub that sent it); 400 invalid fields; 409 already back with its LDU, cancelled,
     *                          not accepted, or its episode closed
     */
    @Transactional
    public SendBack sendBack(UUID referralId, SendBackRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ReferralCase c = ReferralCase.forUpdate(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        SendBack open = SendBack.open(c).orElse(null);
        // Before the fields are judged, so that another hub's staff learn nothing of the referral.
        HubAccess.sendBack(caller, c.hubId != null ? c.hubId : open == null ? null : open.hubId);
        SendBackValidator.Result result = SendBackValidator.validate(request, caller.subject());
        result.violations().throwIfAny();
        if (open != null) {
            throw ProblemException.conflict("Referral " + referralId + " is already back with its LDU: hub "
                    + open.hubId + " sent it back at " + open.sentBackAt + " (" + open.reasonCode
                    + "). It returns to a hub when the LDU decides it again or places it.");
        }
        if (c.cancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled; there is nothing to send back.");
        }
        if (c.episodeClosed()) {
            throw ProblemException.conflict("The episode of referral " + referralId + " was closed; it cannot be sent back.");
        }
        if (c.pathway == Pathway.NOT_ACCEPTED) {
            throw ProblemException.conflict("Referral " + referralId + " was not accepted; no hub holds it.");
        }
        SendBackValidator.Valid valid = result.valid();
        Allocation released = Allocation.<Allocation>find("referralId = ?1 and allocationNumber = ?2", c.referralId,
                c.allocationNumber).firstResult();
        released.releasedAt = now;
        released.releaseReason = valid.reasonCode().name();

        SendBack sent = new SendBack();
        sent.id = UUID.randomUUID();
        sent.referralId = c.referralId;
        sent.hubId = c.hubId;
        sent.allocationNumber = c.allocationNumber;
        sent.reasonCode = valid.reasonCode();
        sent.reason = valid.reason();
        sent.sentBackAt = now;
        sent.sentBackBy = caller.subject();
        sent.persist();

        // Released as an unplaced referral is: it waits on its LDU's unallocated list, with the reason.
        c.hubId = null;
        c.unallocatedReason = UnallocatedReason.SENT_BACK;
        c.fullHubs = null;
        outbox.append(Topics.ALLOCATIONS, c.referralId.toString(), ReferralSentBack.TYPE, now, new ReferralSentBack(
                c.referralId.toString(), sent.id.toString(), sent.hubId, sent.allocationNumber, sent.reasonCode, now,
                sent.sentBackBy, c.ldu));
        meters.counter("homefirst.allocation.sent_back", "reason", sent.reasonCode.name()).increment();
        // The staff's words are never logged: they may name the patient.
        LOG.infof("Referral %s sent back to its LDU by hub %s (%s); allocation %d released", c.referralId, sent.hubId,
                sent.reasonCode, sent.allocationNumber);
        return sent;
    }
}
