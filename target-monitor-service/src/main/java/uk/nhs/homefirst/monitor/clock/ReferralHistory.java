package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

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
    private static final Comparator<Fact.Visited> VISIT_PREFERENCE = Comparator
            .comparing(Fact.Visited::visitedAt).thenComparing(x -> x.outcome().name());

    private final String referralId;
    private Instant receivedAt;
    private Instant receivedAtFromTriage;
    private Instant cancelledAt;
    // Small lists: a referral has a handful of decisions, allocations and visits.
    private final List<Fact.Decided> decisions = new ArrayList<>(2);
    private final List<Fact.Allocated> allocations = new ArrayList<>(2);
    private final List<Fact.Visited> visits = new ArrayList<>(2);

    public ReferralHistory(String referralId) {
        this.referralId = Objects.requireNonNull(referralId);
    }

    public String referralId() {
        return referralId;
    }

    /** Adds a fact. Returns whether the history changed. */
    public boolean add(Fact fact) {
        if (fact.referralId() != referralId) {
            if (!referralId.equals(fact.referralId())) {
                throw new IllegalArgumentException("fact of another referral");
            }
            // Kept with this history's own id: a replay holds hundreds of thousands of histories.
            fact = withReferralId(fact, referralId);
        }
        if (fact instanceof Fact.Received r) {
            Instant earlier = earliest(receivedAt, r.receivedAt());
            boolean changed = !Objects.equals(earlier, receivedAt);
            receivedAt = earlier;
            return changed;
        }
        if (fact instanceof Fact.Cancelled c) {
            Instant earlier = earliest(cancelledAt, c.cancelledAt());
            boolean changed = !Objects.equals(earlier, cancelledAt);
            cancelledAt = earlier;
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
        Fact.Visited v = (Fact.Visited) fact;
        return addKeyed(visits, v, x -> x.visitId().equals(v.visitId()), VISIT_PREFERENCE);
    }

    private static Fact withReferralId(Fact fact, String referralId) {
        if (fact instanceof Fact.Decided d) {
            return new Fact.Decided(referralId, d.decisionNumber(), d.decidedAt(), d.receivedAt(), d.standard());
        }
        if (fact instanceof Fact.Allocated a) {
            return new Fact.Allocated(referralId, a.allocationNumber(), a.allocatedAt(), a.hubId(), a.method());
        }
        if (fact instanceof Fact.Visited v) {
            return new Fact.Visited(referralId, v.visitId(), v.visitedAt(), v.outcome());
        }
        return fact; // receipts and cancellations keep only their times
    }

    /** The clock start of the first decision: as received, or as repeated by triage when that came first. */
    public Instant receivedAt() {
        return receivedAt != null ? receivedAt : receivedAtFromTriage;
    }

    public Instant cancelledAt() {
        return cancelledAt;
    }

    public List<Fact.Decided> decisions() {
        return decisions;
    }

    public List<Fact.Allocated> allocations() {
        return allocations;
    }

    public List<Fact.Visited> visits() {
        return visits;
    }

    public boolean isTriaged() {
        return !decisions.isEmpty();
    }

    private static <T> boolean addKeyed(List<T> list, T fact, java.util.function.Predicate<T> sameKey,
            Comparator<T> preference) {
        for (int i = 0; i < list.size(); i++) {
            T existing = list.get(i);
            if (sameKey.test(existing)) {
                if (existing.equals(fact) || preference.compare(existing, fact) <= 0) {
                    return false;
                }
                list.set(i, fact);
                return true;
            }
        }
        list.add(fact);
        return true;
    }

    private static Instant earliest(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
