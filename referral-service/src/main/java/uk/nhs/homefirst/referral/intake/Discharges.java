package uk.nhs.homefirst.referral.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.DischargeDelayed;
import uk.nhs.homefirst.events.DischargeDelayed.DischargeChange;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * Hospital discharge to assess: the hospital confirms the discharge of a patient it referred
 * before leaving (PatientDischarged, which starts the referral's clocks), or moves the expected
 * date (DischargeDelayed). The change and its event commit in one transaction. A referral is
 * discharged once: a second confirmation is refused and names the first.
 */
@ApplicationScoped
public class Discharges {

    private static final Logger LOG = Logger.getLogger(Discharges.class);

    public enum Status {
        DISCHARGED, POSTPONED, CANCELLED
    }

    private final Outbox outbox;
    private final Clock clock;
    private final IntakeConfig config;

    Discharges(Outbox outbox, Clock clock, IntakeConfig config) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    /**
     * @param mayDischarge refuses (403) a caller who may not speak for the referral, before anything is judged
     * @throws ProblemException 404 for an unknown referral, 409 when it awaits no discharge (any more)
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming each invalid field
     */
    @Transactional
    public Referral apply(UUID referralId, DischargeRequest request, Consumer<Referral> mayDischarge) {
        // The row lock makes two confirmations of one referral take turns, on any instance.
        Referral referral = Referral.<Referral>findByIdOptional(referralId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("There is no referral with this id."));
        mayDischarge.accept(referral);
        Instant now = clock.instant();
        Violations v = new Violations();
        if (request == null) {
            v.add("", "the request body must be a discharge object");
            v.throwIfAny();
        }
        Status status = ReferralValidator.requiredEnum(v, "status", request.status(), Status.class);
        LocalDate today = LocalDate.ofInstant(now, zone());
        Instant dischargedAt = ReferralValidator.optionalInstant(v, "dischargedAt", request.dischargedAt());
        Integer pathway = ReferralValidator.dischargePathway(v, "pathway", request.pathway());
        LocalDate expected = ReferralValidator.expectedDischargeDate(v, "expectedDate", request.expectedDate(), today);
        if (status == Status.DISCHARGED) {
            if (dischargedAt != null && dischargedAt.isAfter(now)) {
                v.add("dischargedAt", "must not be in the future");
            } else if (dischargedAt != null && dischargedAt.isBefore(referral.receivedAt)) {
                v.add("dischargedAt", "must not be before the referral was received");
            }
            if (pathway == null && request.pathway() == null && referral.dischargePathway == null) {
                v.add("pathway", "is required: the referral did not state a discharge pathway (0 to 3)");
            }
        } else if (status == Status.POSTPONED && request.expectedDate() == null) {
            v.add("expectedDate", "is required when the discharge is POSTPONED");
        }
        v.throwIfAny();

        if (!referral.awaitsDischarge) {
            throw new ProblemException(409, "Not awaiting discharge", "This referral was not made before a discharge "
                    + "(it has no discharge): its clocks started when it was received.");
        }
        if (referral.dischargedAt != null) {
            throw new ProblemException(409, "Already discharged", "The discharge of this referral was confirmed "
                    + "before: discharged at " + referral.dischargedAt + " on pathway " + referral.dischargePathway
                    + ". That confirmation stands.");
        }
        if (referral.cancelledAt != null) {
            throw new ProblemException(409, "Already cancelled", "This referral was cancelled at "
                    + referral.cancelledAt + ": there is no discharge to confirm or move.");
        }
        String key = referral.id.toString();
        if (status == Status.DISCHARGED) {
            referral.dischargeId = TimeOrderedUuid.at(now.toEpochMilli());
            referral.dischargedAt = dischargedAt == null ? now : dischargedAt;
            if (pathway != null) {
                referral.dischargePathway = pathway;
            }
            referral.dischargeRecordedAt = now;
            outbox.append(Topics.REFERRALS, key, PatientDischarged.TYPE, referral.dischargedAt,
                    ReferralEvents.discharged(referral));
            LOG.infof("Referral %s: discharge confirmed, pathway %d", referralId, referral.dischargePathway);
        } else {
            referral.expectedDischargeDate = expected;
            DischargeChange change = status == Status.POSTPONED ? DischargeChange.POSTPONED : DischargeChange.CANCELLED;
            outbox.append(Topics.REFERRALS, key, DischargeDelayed.TYPE, now, ReferralEvents.delayed(referral, change, now));
            LOG.infof("Referral %s: discharge %s", referralId, change);
        }
        return referral;
    }

    private ZoneId zone() {
        return config.zone();
    }
}
