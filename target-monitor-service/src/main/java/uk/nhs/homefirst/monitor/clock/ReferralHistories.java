package uk.nhs.homefirst.monitor.clock;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Map<String, ReferralHistory> histories = new HashMap<>();

    public ReferralHistories(ClockRules rules) {
        this.rules = rules;
    }

    /**
     * Applies the facts in order. Returns, for each referral whose history changed, its evaluation
     * after the last of them.
     */
    public Map<String, Evaluation> apply(List<? extends Fact> facts) {
        Map<String, Evaluation> changed = new LinkedHashMap<>();
        for (Fact fact : facts) {
            ReferralHistory history = histories.computeIfAbsent(fact.referralId(), ReferralHistory::new);
            if (history.add(fact)) {
                changed.put(fact.referralId(), null);
            }
        }
        changed.replaceAll((referralId, none) -> ResponseClocks.evaluate(histories.get(referralId), rules));
        return changed;
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
