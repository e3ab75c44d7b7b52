package uk.nhs.homefirst.allocation.cases;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.access.HubAccess;
import uk.nhs.homefirst.allocation.allocation.AllocationDecision;
import uk.nhs.homefirst.allocation.allocation.AllocationReason;
import uk.nhs.homefirst.allocation.allocation.AllocationRule;
import uk.nhs.homefirst.allocation.allocation.Capacity;
import uk.nhs.homefirst.allocation.allocation.DailyCapacity;
import uk.nhs.homefirst.allocation.allocation.HubCoverage;
import uk.nhs.homefirst.allocation.allocation.LocalityBasis;
import uk.nhs.homefirst.allocation.allocation.ManualAllocationRequest;
import uk.nhs.homefirst.allocation.allocation.ManualAllocationValidator;
import uk.nhs.homefirst.allocation.allocation.PostcodeDistrict;
import uk.nhs.homefirst.allocation.allocation.TriageDecision;
import uk.nhs.homefirst.allocation.allocation.TriageEffect;
import uk.nhs.homefirst.allocation.allocation.UnallocatedReason;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.allocation.hub.HubCapacities;
import uk.nhs.homefirst.allocation.hub.Hubs;
import uk.nhs.homefirst.allocation.locality.LocalityTables;
import uk.nhs.homefirst.allocation.store.Allocation;
import uk.nhs.homefirst.allocation.store.Cancellation;
import uk.nhs.homefirst.allocation.store.Discharge;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.security.Caller;

/**
 * The referrals the hubs hold: applies triage decisions and cancellations, and allocates, by
 * postcode district or by hand. Every allocation is stored and announced on the allocations topic
 * in one transaction.
 */
@ApplicationScoped
public class ReferralCases {

    private static final Logger LOG = Logger.getLogger(ReferralCases.class);

    private final Hubs hubs;
    private final Outbox outbox;
    private final Clock clock;
    private final AllocationConfig config;
    private final MeterRegistry meters;
    private final HubCapacities capacities;
    private final LocalityTables localities;

    ReferralCases(Hubs hubs, Outbox outbox, Clock clock, AllocationConfig config, MeterRegistry meters,
            HubCapacities capacities, LocalityTables localities) {
        this.hubs = hubs;
        this.localities = localities;
        this.capacities = capacities;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
        this.meters = meters;
    }

    /**
     * What applying triage decisions needs about some referrals, read in three statements for a batch
     * of them (the cases locked): their cases, their cancellations and the hubs' coverage; the cases
     * kept up to date as the batch applies its decisions.
     */
    public static final class Known {
        private final Set<UUID> ids;
        private final Map<UUID, ReferralCase> cases = new HashMap<>();
        private final Map<UUID, Cancellation> cancellations = new HashMap<>();
        private final HubCoverage coverage;
        private final Supplier<DailyCapacity> readCapacity;
        private DailyCapacity capacity;

        private Known(Collection<UUID> ids, HubCoverage coverage, Supplier<DailyCapacity> readCapacity) {
            this.ids = new HashSet<>(ids);
            this.coverage = coverage;
            this.readCapacity = readCapacity;
            ReferralCase.lockReferrals(this.ids);
            ReferralCase.lockedInOrder(ids).forEach(c -> cases.put(c.referralId, c));
            Cancellation.of(ids).forEach(c -> cancellations.put(c.referralId, c));
        }

        /** The day's capacity, read (and the hubs locked) once a decision needs it, then kept for the batch. */
        private DailyCapacity capacity() {
            if (capacity == null) {
                capacity = readCapacity.get();
            }
            return capacity;
        }

        private final Capacity lazyCapacity = new Capacity() {
            @Override
            public boolean hasRoom(String hubId, Pathway pathway) {
                return capacity().hasRoom(hubId, pathway);
            }

            @Override
            public List<String> overflowOrder(String hubId) {
                return capacity().overflowOrder(hubId);
            }
        };
    }

    /** Locks these referrals against the other consumer (see {@link ReferralCase#lockReferrals}), in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(Collection<UUID> referralIds) {
        ReferralCase.lockReferrals(referralIds);
    }

    /** Reads what {@link #applyTriage(ReferralTriaged, Known)} needs about these referrals, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Known known(Collection<UUID> referralIds) {
        return new Known(referralIds, hubs.coverage().withPractices(localities.hubByPractice()),
                () -> capacities.on(DailyCapacity.dayOf(now()), true));
    }

    /** Applies a triage decision, in the caller's transaction. The decision's fields have been checked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyTriage(ReferralTriaged triaged) {
        applyTriage(triaged, known(Set.of(UUID.fromString(triaged.referralId()))));
    }

    /** Applies a triage decision, in the caller's transaction, {@code known} having been read in it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyTriage(ReferralTriaged triaged, Known known) {
        UUID referralId = UUID.fromString(triaged.referralId());
        if (!known.ids.contains(referralId)) {
            throw new IllegalArgumentException("Referral " + referralId + " was not read with its batch");
        }
        Optional<ReferralCase> existing = Optional.ofNullable(known.cases.get(referralId));
        String district = PostcodeDistrict.normalise(triaged.postcodeDistrict()).orElse(null);
        if (district == null && triaged.postcodeDistrict() != null) {
            LOG.warnf("Referral %s has a postcode district of the wrong form; it cannot be allocated by district",
                    referralId);
        }
        TriageEffect effect = AllocationRule.onDecision(
                existing.map(c -> c.decisionNumber).orElse(null), existing.map(c -> c.hubId).orElse(null),
                new TriageDecision(triaged.decisionNumber(), triaged.pathway(), district, triaged.gpPracticeOdsCode()),
                known.coverage,
                known.lazyCapacity);

        if (effect instanceof TriageEffect.Stale stale) {
            LOG.debugf("Referral %s: decision %d is not newer than decision %d; ignored", referralId,
                    triaged.decisionNumber(), stale.storedDecisionNumber());
            return;
        }
        Instant now = now();
        ReferralCase c = existing.orElseGet(
                () -> newCase(referralId, triaged.receivedAt(), now, known.cancellations.get(referralId)));
        c.decisionNumber = triaged.decisionNumber();
        c.decidedAt = triaged.decidedAt();
        c.pathway = triaged.pathway();
        c.standard = triaged.standard();
        c.postcodeDistrict = district;
        c.ldu = triaged.ldu();
        if (triaged.source() != null) {
            c.source = triaged.source();
        }
        if (existing.isEmpty()) {
            c.persist();
            known.cases.put(referralId, c);
        }

        AllocationDecision allocation = ((TriageEffect.Apply) effect).allocation();
        if (allocation instanceof AllocationDecision.ToHub toHub) {
            // The event's method stays POSTCODE_DISTRICT (the district rule, overflow included): a new
            // value would be dead-lettered by readers of the contract as it is; the reason is kept here.
            // So too for an allocation by GP practice: automatic, by locality (the basis is kept here).
            allocate(c, toHub.hubId(), AllocationMethod.POSTCODE_DISTRICT, toHub.reason(), toHub.fullHubs(),
                    toHub.locality(), now, now);
            known.capacity().take(toHub.hubId(), c.pathway);
        } else if (allocation instanceof AllocationDecision.AllHubsFull full) {
            c.unallocatedReason = UnallocatedReason.ALL_HUBS_FULL;
            c.fullHubs = String.join(",", full.fullHubs());
            meters.counter("homefirst.allocation.unallocated", "reason", c.unallocatedReason.name()).increment();
            LOG.infof("Referral %s: hubs %s are full today; it stays unallocated for its LDU", referralId,
                    full.fullHubs());
        } else if (allocation instanceof AllocationDecision.NoCoveringHub) {
            c.unallocatedReason = UnallocatedReason.NO_COVERING_HUB;
            c.fullHubs = null;
            meters.counter("homefirst.allocation.unallocated", "reason", c.unallocatedReason.name()).increment();
            LOG.infof("Referral %s: neither practice %s nor district %s is covered; it stays unallocated", referralId,
                    triaged.gpPracticeOdsCode(), district);
        } else if (allocation instanceof AllocationDecision.KeepHub keep) {
            LOG.debugf("Referral %s re-triaged (decision %d); stays with hub %s", referralId, c.decisionNumber,
                    keep.hubId());
        } else {
            LOG.debugf("Referral %s is not accepted; not allocated", referralId);
        }
    }

    /**
     * Marks a referral cancelled, in the caller's transaction: it leaves the hub's caseload. A
     * cancellation that arrives before the triage decision is kept, and the case is born cancelled.
     * When several arrive, the earliest cancellation time counts, whatever their order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void cancel(ReferralCancelled cancelled) {
        UUID referralId = UUID.fromString(cancelled.referralId());
        // A batch's referrals were locked in order by lockReferrals; taken again here, it is held already.
        ReferralCase.lockReferrals(List.of(referralId));
        Cancellation stored = Cancellation.findById(referralId, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            stored = new Cancellation();
            stored.referralId = referralId;
            stored.cancelledAt = cancelled.cancelledAt();
            stored.reason = cancelled.reason();
            stored.persist();
        } else if (cancelled.cancelledAt().isBefore(stored.cancelledAt)) {
            stored.cancelledAt = cancelled.cancelledAt();
            stored.reason = cancelled.reason();
        }
        Cancellation effective = stored;
        ReferralCase.forUpdate(referralId).ifPresentOrElse(
                c -> applyCancellation(c, effective),
                () -> LOG.debugf("Referral %s cancelled before it was triaged; kept for when it is", referralId));
    }

    /**
     * Keeps a hospital's confirmation of a discharge, in the caller's transaction: the 91-day
     * follow-up of reablement falls 91 days after it. Kept even before the triage decision; of two
     * confirmations, the earlier stands, whatever their order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void discharged(PatientDischarged discharged) {
        UUID referralId = UUID.fromString(discharged.referralId());
        ReferralCase.lockReferrals(List.of(referralId));
        Discharge stored = Discharge.findById(referralId, LockModeType.PESSIMISTIC_WRITE);
        if (stored == null) {
            stored = new Discharge();
            stored.referralId = referralId;
            stored.dischargedAt = discharged.dischargedAt();
            stored.persist();
        } else if (discharged.dischargedAt().isBefore(stored.dischargedAt)) {
            stored.dischargedAt = discharged.dischargedAt();
        }
    }

    /**
     * Allocates a referral to a hub by hand: allocation n+1, method MANUAL. Allocating to the hub
     * that already holds it changes nothing, so that a retried request is harmless.
     *
     * @throws ProblemException 404 for an unknown referral, 403 for one outside the caller's LDU,
     *                          409 for a cancelled or declined one
     */
    @Transactional
    public ReferralCase allocateManually(UUID referralId, ManualAllocationRequest request, Caller caller) {
        ReferralCase c = ReferralCase.forUpdate(referralId)
                .orElseThrow(() -> ProblemException.notFound("There is no triaged referral " + referralId + "."));
        HubAccess.allocate(caller, Optional.ofNullable(c.ldu));
        Instant now = now();
        ManualAllocationValidator.Result result = ManualAllocationValidator.validate(request, hubs.ids(),
                c.receivedAt, c.allocatedAt, now, config.clockSkewTolerance());
        result.violations().throwIfAny();
        if (c.cancelled()) {
            throw ProblemException.conflict("Referral " + referralId + " was cancelled; it cannot be allocated.");
        }
        if (c.episodeClosed()) {
            throw ProblemException.conflict("The episode of referral " + referralId + " was closed; it cannot be "
                    + "allocated.");
        }
        if (!AllocationRule.visitsPatients(c.pathway)) {
            throw ProblemException.conflict("Referral " + referralId + " was not accepted; no hub visits it.");
        }
        ManualAllocationValidator.Valid valid = result.valid();
        if (valid.hubId().equals(c.hubId)) {
            return c;
        }
        Instant allocatedAt = valid.allocatedAt().truncatedTo(ChronoUnit.MICROS);
        // A person may place a referral in a full hub; it is recorded as such, and counts in the day's use.
        boolean full = !capacities.on(DailyCapacity.dayOf(allocatedAt), false).hasRoom(valid.hubId(), c.pathway);
        allocate(c, valid.hubId(), AllocationMethod.MANUAL,
                full ? AllocationReason.MANUAL_OVER_CAPACITY : AllocationReason.MANUAL, List.of(), null, allocatedAt,
                now);
        return c;
    }

    private static ReferralCase newCase(UUID referralId, Instant receivedAt, Instant now, Cancellation cancellation) {
        ReferralCase c = new ReferralCase();
        c.referralId = referralId;
        c.receivedAt = receivedAt;
        c.firstSeenAt = now;
        c.allocationNumber = 0;
        if (cancellation != null) {
            applyCancellation(c, cancellation);
        }
        return c;
    }

    private static void applyCancellation(ReferralCase c, Cancellation cancellation) {
        if (c.cancelledAt == null || cancellation.cancelledAt.isBefore(c.cancelledAt)) {
            c.cancelledAt = cancellation.cancelledAt;
            c.cancellationReason = cancellation.reason;
            LOG.infof("Referral %s cancelled (%s); it leaves the caseload", c.referralId, cancellation.reason);
        }
    }

    private void allocate(ReferralCase c, String hubId, AllocationMethod method, AllocationReason reason,
            List<String> fullHubs, LocalityBasis locality, Instant allocatedAt, Instant now) {
        Allocation a = new Allocation();
        a.id = UUID.randomUUID();
        a.referralId = c.referralId;
        a.allocationNumber = c.allocationNumber + 1;
        a.hubId = hubId;
        a.allocatedAt = allocatedAt;
        a.method = method;
        a.pathway = c.pathway;
        a.recordedAt = now;
        a.reason = reason;
        a.fullHubs = fullHubs.isEmpty() ? null : String.join(",", fullHubs);
        a.locality = locality;
        a.persist();
        c.hubId = hubId;
        c.unallocatedReason = null;
        c.fullHubs = null;
        c.allocationNumber = a.allocationNumber;
        c.allocatedAt = allocatedAt;
        outbox.append(Topics.ALLOCATIONS, c.referralId.toString(), ReferralAllocated.TYPE, allocatedAt,
                new ReferralAllocated(c.referralId.toString(), a.id.toString(), a.allocationNumber, hubId, allocatedAt,
                        method, c.pathway));
        meters.counter("homefirst.allocation.allocated", "method", method.name()).increment();
        LOG.infof("Referral %s allocated to hub %s (allocation %d, %s, %s%s%s)", c.referralId, hubId, a.allocationNumber,
                method, reason, locality == null ? "" : ", by " + locality, fullHubs.isEmpty() ? "" : ", full: " + fullHubs);
    }

    private Instant now() {
        // PostgreSQL keeps microseconds: the event and the stored row carry the same time.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
