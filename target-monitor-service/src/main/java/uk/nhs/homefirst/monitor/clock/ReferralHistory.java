package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Everything known of one referral, whatever order it arrived in. Adding a fact twice changes
 * nothing; when two different facts claim the same natural key (which a correct producer never
 * sends), the earlier business time wins, so that the outcome still does not depend on arrival
 * order.
 */
public final class ReferralHistory {

    private static final Comparator<Fact.Decided> DECISION_PREFERENCE = Comparator
            .comparing(Fact.Decided::decidedAt)
            .thenComparing(x -> String.valueOf(x.standard()))
            .thenComparing(Fact.Decided::receivedAt, Comparator.nullsLast(Comparator.naturalOrder()));
    private static final Comparator<Fact.Allocated> ALLOCATION_PREFERENCE = Comparator
            .comparing(Fact.Allocated::allocatedAt).thenComparing(Fact.Allocated::hubId)
            .thenComparing(x -> x.method().name());
    // A later revision of a visit replaces the earlier; of two with the same revision (a producer's
    // mistake), a fixed preference, so that arrival order still does not matter.
    private static final Comparator<Fact.Visited> VISIT_PREFERENCE = Comparator
            .comparing((Fact.Visited x) -> -x.revision()).thenComparing(Fact.Visited::visitedAt)
            .thenComparing(x -> x.outcome().name()).thenComparing(x -> String.valueOf(x.contactType()));
    private static final Comparator<Fact.VisitVoided> VOID_PREFERENCE = Comparator
            .comparing((Fact.VisitVoided x) -> -x.revision()).thenComparing(Fact.VisitVoided::voidedAt);

    /**
     * A history as it is kept between events: the earliest receipt, triage's copy of it and
     * cancellation, and each decision, allocation and visit in the order they arrived; and for a
     * hospital referral, whether it waits for a discharge, the earliest confirmed discharge and the
     * expected date as last moved; the latest void of each voided visit; and the earliest closure
     * of the episode.
     */
    public record Snapshot(Instant receivedAt, Instant receivedAtFromTriage, Instant cancelledAt,
            List<Fact.Decided> decisions, List<Fact.Allocated> allocations, List<Fact.Visited> visits,
            Origin origin, boolean awaitsDischarge, Instant dischargedAt, ExpectedDate expectedDischarge,
            List<Fact.VisitVoided> voids, Instant closedAt) {

        public Snapshot {
            decisions = List.copyOf(decisions);
            allocations = List.copyOf(allocations);
            visits = List.copyOf(visits);
            origin = origin == null ? Origin.COMMUNITY : origin;
            // Stores written before voids were known hold none.
            voids = voids == null ? List.of() : List.copyOf(voids);
        }

        /** A history whose episode is not closed. */
        public Snapshot(Instant receivedAt, Instant receivedAtFromTriage, Instant cancelledAt,
                List<Fact.Decided> decisions, List<Fact.Allocated> allocations, List<Fact.Visited> visits,
                Origin origin, boolean awaitsDischarge, Instant dischargedAt, ExpectedDate expectedDischarge,
                List<Fact.VisitVoided> voids) {
            this(receivedAt, receivedAtFromTriage, cancelledAt, decisions, allocations, visits, origin, awaitsDischarge,
                    dischargedAt, expectedDischarge, voids, null);
        }

        /** A history with no voided visit. */
        public Snapshot(Instant receivedAt, Instant receivedAtFromTriage, Instant cancelledAt,
                List<Fact.Decided> decisions, List<Fact.Allocated> allocations, List<Fact.Visited> visits,
                Origin origin, boolean awaitsDischarge, Instant dischargedAt, ExpectedDate expectedDischarge) {
            this(receivedAt, receivedAtFromTriage, cancelledAt, decisions, allocations, visits, origin, awaitsDischarge,
                    dischargedAt, expectedDischarge, List.of());
        }

        /** A community referral's history. */
        public Snapshot(Instant receivedAt, Instant receivedAtFromTriage, Instant cancelledAt,
                List<Fact.Decided> decisions, List<Fact.Allocated> allocations, List<Fact.Visited> visits) {
            this(receivedAt, receivedAtFromTriage, cancelledAt, decisions, allocations, visits, Origin.COMMUNITY, false,
                    null, null);
        }
    }

    /**
     * The expected discharge date as of a change: the latest change counts; of two at the same time,
     * the later date (a producer never sends those), so that arrival order does not matter.
     */
    public record ExpectedDate(Instant changedAt, LocalDate date) {

        static final Comparator<ExpectedDate> ORDER = Comparator.comparing(ExpectedDate::changedAt)
                .thenComparing(ExpectedDate::date, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    private final String referralId;
    private Instant receivedAt;
    private Instant receivedAtFromTriage;
    private Instant cancelledAt;
    private Instant closedAt;
    private Origin origin = Origin.COMMUNITY;
    private boolean awaitsDischarge;
    private Instant dischargedAt;
    private ExpectedDate expectedDischarge;
    private final List<Fact.Decided> decisions = new ArrayList<>(1);
    private final List<Fact.Allocated> allocations = new ArrayList<>(1);
    private final List<Fact.Visited> visits = new ArrayList<>(1);
    private final List<Fact.VisitVoided> voids = new ArrayList<>(0);

    public ReferralHistory(String referralId) {
        this.referralId = Objects.requireNonNull(referralId);
    }

    /** The history a snapshot was taken of. */
    public static ReferralHistory of(String referralId, Snapshot snapshot) {
        ReferralHistory history = new ReferralHistory(referralId);
        history.receivedAt = snapshot.receivedAt();
        history.receivedAtFromTriage = snapshot.receivedAtFromTriage();
        history.cancelledAt = snapshot.cancelledAt();
        history.decisions.addAll(snapshot.decisions());
        history.allocations.addAll(snapshot.allocations());
        history.visits.addAll(snapshot.visits());
        history.origin = snapshot.origin();
        history.awaitsDischarge = snapshot.awaitsDischarge();
        history.dischargedAt = snapshot.dischargedAt();
        history.expectedDischarge = snapshot.expectedDischarge();
        history.voids.addAll(snapshot.voids());
        history.closedAt = snapshot.closedAt();
        return history;
    }

    public Snapshot snapshot() {
        return new Snapshot(receivedAt, receivedAtFromTriage, cancelledAt, decisions, allocations, visits, origin,
                awaitsDischarge, dischargedAt, expectedDischarge, voids, closedAt);
    }

    public String referralId() {
        return referralId;
    }

    /** Adds a fact. Returns whether the history changed. */
    public boolean add(Fact fact) {
        if (!referralId.equals(fact.referralId())) {
            throw new IllegalArgumentException("fact of another referral");
        }
        if (fact instanceof Fact.Received r) {
            Instant earlier = earliest(receivedAt, r.receivedAt());
            boolean changed = !Objects.equals(earlier, receivedAt);
            receivedAt = earlier;
            // Monotone, so that a repeated or disordered receipt cannot undo what another said.
            if (r.origin() == Origin.HOSPITAL_DISCHARGE && origin != Origin.HOSPITAL_DISCHARGE) {
                origin = Origin.HOSPITAL_DISCHARGE;
                changed = true;
            }
            if (r.awaitsDischarge()) {
                changed |= !awaitsDischarge;
                awaitsDischarge = true;
                changed |= expect(new ExpectedDate(r.receivedAt(), r.expectedDischargeDate()));
            }
            return changed;
        }
        if (fact instanceof Fact.Discharged d) {
            // Discharged once: of two confirmations (a producer's mistake), the earlier stands.
            Instant earlier = earliest(dischargedAt, d.dischargedAt());
            boolean changed = !Objects.equals(earlier, dischargedAt);
            dischargedAt = earlier;
            return changed;
        }
        if (fact instanceof Fact.DischargeDelayed m) {
            return expect(new ExpectedDate(m.changedAt(), m.expectedDate()));
        }
        if (fact instanceof Fact.Cancelled c) {
            Instant earlier = earliest(cancelledAt, c.cancelledAt());
            boolean changed = !Objects.equals(earlier, cancelledAt);
            cancelledAt = earlier;
            return changed;
        }
        if (fact instanceof Fact.EpisodeClosed c) {
            // Closed once; of two closures (a retry the producer refuses, or a mistake), the earlier stands.
            Instant earlier = earliest(closedAt, c.closedAt());
            boolean changed = !Objects.equals(earlier, closedAt);
            closedAt = earlier;
            return changed;
        }
        if (fact instanceof Fact.Decided d) {
            Instant earlier = earliest(receivedAtFromTriage, d.receivedAt());
            boolean changed = !Objects.equals(earlier, receivedAtFromTriage);
            receivedAtFromTriage = earlier;
            return addKeyed(decisions, d, x -> x.decisionNumber() == d.decisionNumber(), DECISION_PREFERENCE) || changed;
        }
        if (fact instanceof Fact.Allocated a) {
            return addKeyed(allocations, a, x -> x.allocationNumber() == a.allocationNumber(), ALLOCATION_PREFERENCE);
        }
        if (fact instanceof Fact.VisitVoided x) {
            return addKeyed(voids, x, y -> y.visitId().equals(x.visitId()), VOID_PREFERENCE);
        }
        Fact.Visited v = (Fact.Visited) fact;
        return addKeyed(visits, v, x -> x.visitId().equals(v.visitId()), VISIT_PREFERENCE);
    }

    /** The clock start of the first decision: as received, or as repeated by triage when that came first. */
    public Instant receivedAt() {
        return receivedAt != null ? receivedAt : receivedAtFromTriage;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    /** When hub staff closed the referral's episode, or null. */
    public Instant closedAt() {
        return closedAt;
    }

    /**
     * What ended the referral for its clocks: its cancellation or its episode's closure, whichever
     * came first (a cancellation on a tie), or null. Both exclude an open clock alike.
     */
    public Ending ending() {
        if (cancelledAt == null && closedAt == null) {
            return null;
        }
        if (closedAt == null || (cancelledAt != null && !closedAt.isBefore(cancelledAt))) {
            return new Ending(cancelledAt, ExclusionReason.CANCELLED);
        }
        return new Ending(closedAt, ExclusionReason.EPISODE_CLOSED);
    }

    /** The referral ended at {@code at}: cancelled, or its episode closed. */
    public record Ending(Instant at, ExclusionReason reason) {
    }

    public Origin origin() {
        return origin;
    }

    /**
     * Whether the referral's clocks wait for a confirmed discharge: it was referred before discharge,
     * or a discharge was confirmed (which says as much, even before the receipt arrives).
     */
    public boolean awaitsDischarge() {
        return awaitsDischarge || dischargedAt != null;
    }

    /** The confirmed discharge, or null. */
    public Instant dischargedAt() {
        return dischargedAt;
    }

    /** The discharge date expected as last moved, or null. */
    public LocalDate expectedDischargeDate() {
        return expectedDischarge == null ? null : expectedDischarge.date();
    }

    /** The decisions, in the order they arrived. */
    public List<Fact.Decided> decisions() {
        return List.copyOf(decisions);
    }

    /** The allocations, in the order they arrived. */
    public List<Fact.Allocated> allocations() {
        return List.copyOf(allocations);
    }

    /** The visits, in the order they arrived, each at its latest revision known here, voided or not. */
    public List<Fact.Visited> visits() {
        return List.copyOf(visits);
    }

    /**
     * The visits that count: each at its latest revision, less those a void of the same or a later
     * revision took away (a void may arrive before its visit: it still takes it away).
     */
    public List<Fact.Visited> standingVisits() {
        if (voids.isEmpty()) {
            return List.copyOf(visits);
        }
        List<Fact.Visited> standing = new ArrayList<>(visits.size());
        for (Fact.Visited v : visits) {
            boolean voided = false;
            for (Fact.VisitVoided x : voids) {
                if (x.visitId().equals(v.visitId()) && x.revision() >= v.revision()) {
                    voided = true;
                    break;
                }
            }
            if (!voided) {
                standing.add(v);
            }
        }
        return standing;
    }

    /** The latest void of each voided visit, in the order they arrived. */
    public List<Fact.VisitVoided> voids() {
        return List.copyOf(voids);
    }

    public boolean isTriaged() {
        return !decisions.isEmpty();
    }

    /** The latest business time of any fact: how recent the last thing known of the referral is. */
    public Instant latestBusinessTime() {
        Instant latest = null;
        latest = latest(latest, receivedAt());
        latest = latest(latest, cancelledAt);
        latest = latest(latest, closedAt);
        for (Fact.Decided d : decisions) {
            latest = latest(latest, d.decidedAt());
        }
        for (Fact.Allocated a : allocations) {
            latest = latest(latest, a.allocatedAt());
        }
        for (Fact.Visited v : visits) {
            latest = latest(latest, v.visitedAt());
        }
        for (Fact.VisitVoided x : voids) {
            latest = latest(latest, x.voidedAt());
        }
        latest = latest(latest, dischargedAt);
        latest = latest(latest, expectedDischarge == null ? null : expectedDischarge.changedAt());
        return latest;
    }

    private boolean expect(ExpectedDate candidate) {
        if (expectedDischarge != null && ExpectedDate.ORDER.compare(expectedDischarge, candidate) >= 0) {
            return false;
        }
        expectedDischarge = candidate;
        return true;
    }

    /** Adds {@code fact} unless one with its key is there already, preferred or equal. Returns whether it changed. */
    private static <T> boolean addKeyed(List<T> facts, T fact, Predicate<T> sameKey, Comparator<T> preference) {
        for (int i = 0; i < facts.size(); i++) {
            T existing = facts.get(i);
            if (sameKey.test(existing)) {
                if (existing.equals(fact) || preference.compare(existing, fact) <= 0) {
                    return false;
                }
                facts.set(i, fact);
                return true;
            }
        }
        facts.add(fact);
        return true;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant latest(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
