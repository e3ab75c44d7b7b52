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
import uk.nhs.homefirst.events.VisitRecorded;
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
        visit.persist();
        outbox.append(Topics.VISITS, c.referralId.toString(), VisitRecorded.TYPE, now,
                new VisitRecorded(visit.id.toString(), c.referralId.toString(), visit.hubId, visit.visitedAt,
                        visit.recordedAt, visit.outcome));
        meters.counter("homefirst.visits.recorded", "outcome", visit.outcome.name()).increment();
        LOG.infof("Visit %s to referral %s recorded for hub %s (%s)", visit.id, c.referralId, visit.hubId, visit.outcome);
        return visit;
    }
}
