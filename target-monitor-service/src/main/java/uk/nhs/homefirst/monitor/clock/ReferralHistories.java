package uk.nhs.homefirst.monitor.clock;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The histories of the referrals this instance owns (those of its Kafka partitions), and their
 * evaluations. Applying a fact twice changes nothing. Plain Java; not thread-safe: one thread owns
 * it.
 */
public final class ReferralHistories {

    private final ClockRules rules;
    private final Map<String, ReferralHistory> histories;

    public ReferralHistories(ClockRules rules) {
        this(rules, 16);
    }

    /** With room for about {@code expected} referrals from the start: a replay knows roughly how many. */
    public ReferralHistories(ClockRules rules, int expected) {
        this.rules = rules;
        this.histories = new HashMap<>((int) Math.min(1 << 30, expected / 0.75f + 1));
    }

    /**
     * Applies the facts in order. Returns, for each referral whose history changed, its evaluation
     * after the last of them.
     */
    public Map<String, Evaluation> apply(List<? extends Fact> facts) {
        Map<String, Evaluation> changed = new LinkedHashMap<>();
        for (String referralId : add(facts)) {
            changed.put(referralId, evaluate(referralId));
        }
        return changed;
    }

    /**
     * Adds the facts without evaluating anything: while an instance replays its partitions, a
     * referral is evaluated once at the end rather than after each of its events. Returns the
     * referrals whose history changed.
     */
    public Set<String> add(List<? extends Fact> facts) {
        Set<String> changed = new LinkedHashSet<>();
        for (Fact fact : facts) {
            ReferralHistory history = histories.computeIfAbsent(fact.referralId(), ReferralHistory::new);
            if (history.add(fact)) {
                changed.add(fact.referralId());
            }
        }
        return changed;
    }

    /** Adds one fact without evaluating anything. Returns whether the referral's history changed. */
    public boolean add(Fact fact) {
        return histories.computeIfAbsent(fact.referralId(), ReferralHistory::new).add(fact);
    }

    /** The evaluation of every referral known, keyed by referral id. */
    public Map<String, Evaluation> evaluateAll() {
        Map<String, Evaluation> all = new HashMap<>((int) (histories.size() / 0.75f) + 1);
        histories.forEach((referralId, history) -> all.put(referralId, ResponseClocks.evaluate(history, rules)));
        return all;
    }

    /** The evaluation of a referral from everything known of it; nothing when it is not known. */
    public Evaluation evaluate(String referralId) {
        ReferralHistory history = histories.get(referralId);
        return history == null ? Evaluation.NOTHING : ResponseClocks.evaluate(history, rules);
    }

    /** Forgets the referrals this instance no longer owns. */
    public void forget(Predicate<String> referralIds) {
        histories.keySet().removeIf(referralIds);
    }

    public int size() {
        return histories.size();
    }

    public ClockRules rules() {
        return rules;
    }
}
