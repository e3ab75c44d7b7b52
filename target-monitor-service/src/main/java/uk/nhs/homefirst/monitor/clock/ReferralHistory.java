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
    // Nearly every referral has one decision, one allocation and one visit: each of these is null,
    // the one fact, or a list of them once there are two or more. A replay holds hundreds of
    // thousands of histories, and a list each would be six more objects a referral for every young
    // collection to copy.
    private Object decisions;
    private Object allocations;
    private Object visits;

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
            Object before = decisions;
            decisions = addKeyed(decisions, d, x -> x.decisionNumber() == d.decisionNumber(), DECISION_PREFERENCE);
            return decisions != before || changed;
        }
        if (fact instanceof Fact.Allocated a) {
            Object before = allocations;
            allocations = addKeyed(allocations, a, x -> x.allocationNumber() == a.allocationNumber(), ALLOCATION_PREFERENCE);
            return allocations != before;
        }
        Fact.Visited v = (Fact.Visited) fact;
        Object before = visits;
        visits = addKeyed(visits, v, x -> x.visitId().equals(v.visitId()), VISIT_PREFERENCE);
        return visits != before;
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

    /** The decisions, in the order they arrived; not to be changed. */
    public List<Fact.Decided> decisions() {
        return list(decisions);
    }

    /** The allocations, in the order they arrived; not to be changed. */
    public List<Fact.Allocated> allocations() {
        return list(allocations);
    }

    /** The visits, in the order they arrived; not to be changed. */
    public List<Fact.Visited> visits() {
        return list(visits);
    }

    public boolean isTriaged() {
        return decisions != null;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object facts) {
        if (facts == null) {
            return List.of();
        }
        return facts instanceof Many<?> many ? (List<T>) many : List.of((T) facts);
    }

    /**
     * Two or more facts of one kind. A class of its own, so that it is never taken for a fact; never
     * changed once made (a change makes a new one), so that a change shows as another object.
     */
    private static final class Many<T> extends ArrayList<T> {
        Many(List<T> facts, T more) {
            super(facts.size() + 1);
            addAll(facts);
            add(more);
        }

        Many(Many<T> facts) {
            super(facts);
        }
    }

    /**
     * The facts with {@code fact} added: the same object when that changes nothing (a fact with the
     * same key is there already, and preferred or equal), otherwise a new one.
     */
    @SuppressWarnings("unchecked")
    private static <T> Object addKeyed(Object facts, T fact, java.util.function.Predicate<T> sameKey,
            Comparator<T> preference) {
        if (facts == null) {
            return fact;
        }
        if (!(facts instanceof Many<?>)) {
            T existing = (T) facts;
            if (!sameKey.test(existing)) {
                return new Many<>(List.of(existing), fact);
            }
            return existing.equals(fact) || preference.compare(existing, fact) <= 0 ? facts : fact;
        }
        Many<T> list = (Many<T>) facts;
        for (int i = 0; i < list.size(); i++) {
            T existing = list.get(i);
            if (sameKey.test(existing)) {
                if (existing.equals(fact) || preference.compare(existing, fact) <= 0) {
                    return facts;
                }
                Many<T> changed = new Many<>(list);
                changed.set(i, fact);
                return changed;
            }
        }
        return new Many<>(list, fact);
    }

    private static Instant earliest(Instant current, Instant candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || candidate.isBefore(current) ? candidate : current;
    }
}
