package uk.nhs.homefirst.allocation.allocation;

/** What a triage decision does to a referral's case. */
public sealed interface TriageEffect {

    /**
     * The case already holds this decision or a newer one: decisions arrive late, out of order and
     * twice, and an older one never overwrites a newer one.
     */
    record Stale(int storedDecisionNumber) implements TriageEffect {
    }

    /** The decision is the newest: the case takes its pathway and standard, and {@code allocation} follows. */
    record Apply(AllocationDecision allocation) implements TriageEffect {
    }
}
