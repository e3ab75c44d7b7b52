package uk.nhs.homefirst.allocation.visit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.allocation.allocation.BusinessTime;
import uk.nhs.homefirst.allocation.store.VisitChange;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitCorrected;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;

/** Records the visits hub staff make, and announces each on the visits topic in the same transaction. */
@ApplicationScoped
public class Visits {

    private static final Logger LOG = Logger.getLogger(Visits.class);

    private final Outbox outbox;
    private final Clock clock;
    private final AllocationConfig config;
    private final MeterRegistry meters;

    Visits(Outbox outbox, Clock clock, AllocationConfig config, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.meters = meters;
    }

    /**
     * Records a visit for the hub that held the referral at the visit time, or that holds it now
     * ({@link HubAccess#visitHub}). A visit to a cancelled referral is still recorded: it happened.
     *
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming every invalid field
     * @throws ProblemException 404 for an unknown referral, 409 for one no hub holds yet, 403 for a
     *                          caller of neither hub
     */
    @Transactional
    public Visit record(VisitRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ReferralCase[] found = new ReferralCase[1];
        // A request with an id and a time has the referral looked up (and locked) while it is judged.
        VisitValidator.Result result = VisitValidator.validate(request, now, config.clockSkewTolerance(), id -> {
            // Locked, so that a reallocation cannot move the referral between this check and the insert.
            found[0] = ReferralCase.forUpdate(id).orElse(null);
            return Optional.ofNullable(found[0]).map(c -> c.receivedAt);
        });
        ReferralCase c = found[0];
        if (c == null) {
            result.violations().throwIfAny();
            throw ProblemException.notFound("There is no triaged referral " + result.valid().referralId() + ".");
        }
        if (c.hubId == null) {
            result.violations().throwIfAny();
            throw ProblemException.conflict("Referral " + c.referralId
                    + " is not allocated to a hub yet; allocate it before recording a visit.");
        }
        List<HubAccess.Held> allocations = Allocation.ofReferral(c.referralId).stream()
                .map(a -> new HubAccess.Held(a.hubId, a.allocatedAt)).toList();
        // Before the fields are judged against the referral (its receipt time), so that a caller of
        // another hub learns nothing of it.
        HubAccess.mayVisit(caller, allocations.stream().map(HubAccess.Held::hubId).toList());
        result.violations().throwIfAny();
        VisitValidator.Valid valid = result.valid();
        String hubId = HubAccess.visitHub(caller, allocations, c.hubId, valid.visitedAt());
        Visit visit = new Visit();
        visit.id = UUID.randomUUID();
        visit.referralId = c.referralId;
        visit.hubId = hubId;
        visit.visitedAt = valid.visitedAt().truncatedTo(ChronoUnit.MICROS);
        visit.recordedAt = now;
        visit.outcome = valid.outcome();
        visit.contactType = valid.contactType();
        visit.staffRole = valid.staffRole();
        visit.sourceVisitId = valid.sourceVisitId();
        visit.persist();
        outbox.append(Topics.VISITS, c.referralId.toString(), VisitRecorded.TYPE, now,
                new VisitRecorded(visit.id.toString(), c.referralId.toString(), visit.hubId, visit.visitedAt,
                        visit.recordedAt, visit.outcome, visit.contactType, visit.staffRole));
        meters.counter("homefirst.visits.recorded", "outcome", visit.outcome.name()).increment();
        LOG.infof("Visit %s to referral %s recorded for hub %s (%s, %s)", visit.id, c.referralId, visit.hubId,
                visit.outcome, visit.contactType);
        return visit;
    }

    /**
     * The visit the hub system's id names, recorded for one of the caller's hubs, if there is one:
     * a retry of a visit recorded before.
     */
    public Optional<Visit> recordedBefore(VisitRequest request, Caller caller) {
        if (request == null || request.sourceVisitId() == null || request.sourceVisitId().isBlank()) {
            return Optional.empty();
        }
        return Visit.bySource(request.sourceVisitId().strip(), caller.hubs());
    }

    /** Whether a visit recorded before says what the request says, so that the request is a retry of it. */
    public static boolean sameAs(Visit visit, VisitRequest request) {
        return visit.referralId.toString().equalsIgnoreCase(strip(request.referralId()))
                && BusinessTime.sameInstant(visit.visitedAt, request.visitedAt())
                && visit.outcome.name().equals(strip(request.outcome()))
                && visit.contactType.name().equals(strip(request.contactType()))
                && visit.staffRole != null && visit.staffRole.name().equals(strip(request.staffRole()));
    }

    private static String strip(String text) {
        return text == null ? "" : text.strip();
    }

    /**
     * Voids a visit: it stays, marked void with the reason, and no longer counts. Hub staff of the
     * hub it is recorded for only.
     *
     * @throws ProblemException 404 for no such visit, 403 for another hub's, 409 for one already void
     */
    @Transactional
    public Visit voidVisit(UUID visitId, VisitChangeRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Visit visit = changeable(visitId, caller);
        VisitValidator.ChangeResult result = VisitValidator.validateChange(request, true, now,
                config.clockSkewTolerance(), visit.referralId, id -> Optional.empty(), visit.visitedAt);
        result.violations().throwIfAny();
        VisitChangeReason reason = result.valid().reason();
        keepBefore(visit, VisitChange.Kind.VOIDED, reason, now);
        visit.revision++;
        visit.voidedAt = now;
        visit.voidReason = reason;
        outbox.append(Topics.VISITS, visit.referralId.toString(), VisitVoided.TYPE, now, new VisitVoided(
                visit.id.toString(), visit.referralId.toString(), visit.hubId, visit.revision, now, reason, null));
        meters.counter("homefirst.visits.voided", "reason", reason.name()).increment();
        LOG.infof("Visit %s to referral %s voided (%s), revision %d", visit.id, visit.referralId, reason, visit.revision);
        return visit;
    }

    /**
     * Corrects a visit: its time, outcome, contact type, staff role, or the referral it belongs to.
     * Moved to another referral, the visit is announced void for the old one and corrected for the
     * new, in this transaction, so that each referral's clock hears of it on its own key.
     *
     * @throws ProblemException 404 for no such visit, 403 for another hub's (or a referral the
     *                          caller's hubs never held), 409 for a void visit
     */
    @Transactional
    public Visit correct(UUID visitId, VisitChangeRequest request, Caller caller) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Visit visit = changeable(visitId, caller);
        ReferralCase[] target = new ReferralCase[1];
        VisitValidator.ChangeResult result = VisitValidator.validateChange(request, false, now,
                config.clockSkewTolerance(), visit.referralId, id -> {
                    target[0] = ReferralCase.forUpdate(id).orElse(null);
                    return Optional.ofNullable(target[0]).map(c -> c.receivedAt);
                }, visit.visitedAt);
        VisitValidator.Change change = result.valid();
        boolean moving = change != null && change.referralId() != null && !change.referralId().equals(visit.referralId);
        String hubId = visit.hubId;
        Instant visitedAt = change != null && change.visitedAt() != null
                ? change.visitedAt().truncatedTo(ChronoUnit.MICROS) : visit.visitedAt;
        if (moving) {
            ReferralCase c = target[0];
            List<HubAccess.Held> allocations = Allocation.ofReferral(c.referralId).stream()
                    .map(a -> new HubAccess.Held(a.hubId, a.allocatedAt)).toList();
            // As for a new visit: the other referral must be one the caller's hubs held.
            HubAccess.mayVisit(caller, allocations.stream().map(HubAccess.Held::hubId).toList());
            if (c.hubId == null) {
                throw ProblemException.conflict("Referral " + c.referralId
                        + " is not allocated to a hub yet; allocate it before moving a visit to it.");
            }
            hubId = HubAccess.visitHub(caller, allocations, c.hubId, visitedAt);
        }
        result.violations().throwIfAny();
        UUID previousReferral = visit.referralId;
        keepBefore(visit, VisitChange.Kind.CORRECTED, change.reason(), now);
        visit.revision++;
        visit.referralId = moving ? change.referralId() : visit.referralId;
        visit.hubId = hubId;
        visit.visitedAt = visitedAt;
        visit.outcome = change.outcome() != null ? change.outcome() : visit.outcome;
        visit.contactType = change.contactType() != null ? change.contactType() : visit.contactType;
        visit.staffRole = change.staffRole() != null ? change.staffRole() : visit.staffRole;
        if (moving) {
            outbox.append(Topics.VISITS, previousReferral.toString(), VisitVoided.TYPE, now, new VisitVoided(
                    visit.id.toString(), previousReferral.toString(), visit.hubId, visit.revision, now,
                    VisitChangeReason.WRONG_REFERRAL, visit.referralId.toString()));
        }
        outbox.append(Topics.VISITS, visit.referralId.toString(), VisitCorrected.TYPE, now, new VisitCorrected(
                visit.id.toString(), visit.referralId.toString(), visit.hubId, visit.revision, now, change.reason(),
                moving ? previousReferral.toString() : null, visit.visitedAt, visit.outcome, visit.contactType,
                visit.staffRole));
        meters.counter("homefirst.visits.corrected", "reason", change.reason().name()).increment();
        LOG.infof("Visit %s corrected (%s), revision %d, now to referral %s", visit.id, change.reason(), visit.revision,
                visit.referralId);
        return visit;
    }

    /** The visit, locked, if the caller is staff of the hub it is recorded for and it is not void. */
    private static Visit changeable(UUID visitId, Caller caller) {
        Visit visit = Visit.forUpdate(visitId)
                .orElseThrow(() -> ProblemException.notFound("There is no visit " + visitId + "."));
        HubAccess.changeVisit(caller, visit.hubId);
        if (visit.voidedAt != null) {
            throw ProblemException.conflict("Visit " + visitId + " was voided at " + visit.voidedAt
                    + "; a void visit is kept as it is. Record the visit anew if it did take place.");
        }
        return visit;
    }

    private static void keepBefore(Visit visit, VisitChange.Kind kind, VisitChangeReason reason, Instant now) {
        VisitChange change = new VisitChange();
        change.key = new VisitChange.Key(visit.id, visit.revision + 1);
        change.kind = kind;
        change.changedAt = now;
        change.reason = reason;
        change.beforeReferralId = visit.referralId;
        change.beforeHubId = visit.hubId;
        change.beforeVisitedAt = visit.visitedAt;
        change.beforeOutcome = visit.outcome;
        change.beforeContactType = visit.contactType;
        change.beforeStaffRole = visit.staffRole;
        change.persist();
    }
}
