package uk.nhs.homefirst.referral.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.messaging.StatusChanges;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.status.Progress;
import uk.nhs.homefirst.referral.status.StatusSummary;
import uk.nhs.homefirst.referral.store.ReferralStatus;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * Withdraws a referral at its referrer's request and announces ReferralCancelled, in one
 * transaction. A referral is cancelled once: the same cancellation sent again is answered as the
 * first was and announces nothing; a different one is refused, and the first stands. A referral whose
 * episode the hub closed is not cancelled.
 */
@ApplicationScoped
public class Cancellations {

    private static final Logger LOG = Logger.getLogger(Cancellations.class);

    /** What became of a cancellation handed in. */
    public enum Result {
        CANCELLED,
        ALREADY_CANCELLED
    }

    public record Outcome(Referral referral, Result result) {
    }

    private final Outbox outbox;
    private final Clock clock;
    private final StatusChanges statusChanges;

    Cancellations(Outbox outbox, Clock clock, StatusChanges statusChanges) {
        this.outbox = outbox;
        this.clock = clock;
        this.statusChanges = statusChanges;
    }

    private static StatusSummary summary(Referral referral, List<Milestone> timeline) {
        List<Milestone> milestones = new ArrayList<>(referral.ownMilestones());
        milestones.addAll(timeline);
        return Progress.summary(milestones);
    }

    /**
     * @throws ProblemException 404 for an unknown referral, 409 when it was cancelled differently before or its
     *                          episode was closed
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming each invalid field
     */
    @Transactional
    public Outcome cancel(UUID referralId, CancellationRequest request, java.util.function.Consumer<Referral> mayCancel) {
        // The row lock makes two cancellations of one referral take turns, on any instance.
        Referral referral = Referral.<Referral>findByIdOptional(referralId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("There is no referral with this id."));
        // Refuses (403) a caller who may not cancel it, before anything is judged or changed.
        mayCancel.accept(referral);
        Instant now = clock.instant();
        CancellationValidator.Result validation = CancellationValidator.validate(request, now, referral.receivedAt);
        validation.violations().throwIfAny();
        ValidCancellation cancellation = validation.cancellation();

        if (referral.cancelledAt != null) {
            if (cancellation.repeats(referral.cancellationReason, referral.cancellationText, referral.cancelledAt)) {
                LOG.infof("Referral %s was already cancelled; the repeated cancellation changes nothing", referralId);
                return new Outcome(referral, Result.ALREADY_CANCELLED);
            }
            throw new ProblemException(409, "Already cancelled", "This referral was already cancelled for another "
                    + "reason, with another text or at another time. The first cancellation stands.");
        }
        List<Milestone> timeline = TimelineEntry.of(referralId).stream().map(TimelineEntry::milestone).toList();
        StatusSummary before = summary(referral, timeline);
        if (before.status() == ReferralStatus.CLOSED) {
            // The hub has already ended the care: there is nothing left to withdraw, and the outcome stands.
            throw new ProblemException(409, "Episode closed", "The hub closed this referral's episode of care ("
                    + before.reasonCode() + ", " + before.outcomeDate() + "); it can no longer be cancelled.");
        }
        referral.cancelledAt = cancellation.statedCancelledAt() == null ? now : cancellation.statedCancelledAt();
        referral.cancellationReason = cancellation.reason();
        referral.cancellationText = cancellation.text();
        referral.cancellationRecordedAt = now;
        statusChanges.apply(referral, before, summary(referral, timeline), referral.cancelledAt);
        outbox.append(Topics.REFERRALS, referral.id.toString(), ReferralCancelled.TYPE, referral.cancelledAt,
                ReferralEvents.cancelled(referral));
        // The reason code is an operational fact; the text may name the patient and is not logged.
        LOG.infof("Referral %s cancelled (%s)", referralId, cancellation.reason());
        return new Outcome(referral, Result.CANCELLED);
    }
}
