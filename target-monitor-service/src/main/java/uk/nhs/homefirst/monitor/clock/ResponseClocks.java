package uk.nhs.homefirst.monitor.clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;

/**
 * The response clock rules of docs/product.md, as a pure function of a referral's history. It reads
 * business times only, so the result is the same whatever order the facts arrived in, and however
 * often.
 *
 * <ul>
 * <li>Start: the first triage decision with a standard starts its clock at {@code receivedAt}.</li>
 * <li>Re-triage: a later decision that changes the standard (to or from none) excludes the open
 * clock at the decision time and, if the new pathway has a standard, starts a new clock at the
 * decision time. A decision keeping the same standard changes nothing.</li>
 * <li>Stop: the first ATTENDED visit IN_PERSON at or after the clock's start (a telephone or video
 * contact stops nothing), each visit as its latest correction left it; a voided visit stops nothing,
 * so voiding the stop reopens a clock before its deadline and breaches one after it.</li>
 * <li>Met when the stop is at or before the deadline (and not after the clock was excluded).
 * Excluded when a cancellation, an episode closure or a re-triage came before the deadline and
 * before any stop. Otherwise breached at the deadline, which a cancellation or closure after the
 * deadline does not change. A closed episode is ended as a cancelled referral is.</li>
 * <li>Attribution: the hub of the latest allocation at or before the resolution time, or
 * UNALLOCATED; a pending clock counts for the latest allocation. An allocation by postcode
 * district holds from the referral's receipt: it follows from the referral itself, so the hub
 * covering the patient's district is responsible from the clock's start, even when the referrer
 * stated an earlier receipt time. A manual allocation holds from when it was made.</li>
 * <li>No clock starts at or after the referral's cancellation or its episode's closure.</li>
 * <li>Discharge to assess: a hospital referral made before discharge starts no clock until the
 * discharge is confirmed; each of its clocks starts at the later of its usual start and the
 * discharge, and one whose decision a re-triage superseded before the discharge never starts.
 * Until then it is awaiting discharge (unless cancelled, or triaged to a pathway with no standard).</li>
 * </ul>
 */
public final class ResponseClocks {

    /**
     * Decisions count in the order triage numbered them, the order they were made: a clinician may
     * date a decision before the automatic one that it overrules (a phone call typed in later).
     */
    private static final Comparator<Fact.Decided> DECISION_ORDER = Comparator.comparingInt(Fact.Decided::decisionNumber);

    private ResponseClocks() {
    }

    public static Evaluation evaluate(ReferralHistory history, ClockRules rules) {
        Instant receivedAt = history.receivedAt();
        if (receivedAt == null) {
            return Evaluation.NOTHING;
        }
        Origin origin = history.origin();
        boolean waiting = history.awaitsDischarge() && history.dischargedAt() == null;
        if (history.decisions().isEmpty()) {
            return new Evaluation(List.of(), history.ending() == null ? receivedAt : null, origin,
                    awaiting(history, waiting, null, true));
        }
        // Loops rather than streams: a replay evaluates hundreds of thousands of referrals at once,
        // nearly all with one decision, one allocation and a visit or two.
        List<Fact.Decided> decisions = history.decisions();
        if (decisions.size() > 1) {
            decisions = new ArrayList<>(decisions);
            decisions.sort(DECISION_ORDER);
        }
        List<Holding> allocations = new ArrayList<>(history.allocations().size());
        for (Fact.Allocated a : history.allocations()) {
            allocations.add(new Holding(heldFrom(a, receivedAt), a.allocationNumber(), a.hubId()));
        }
        if (allocations.size() > 1) {
            allocations.sort(HOLDING_ORDER);
        }
        List<Instant> attended = new ArrayList<>(history.visits().size());
        for (Fact.Visited v : history.standingVisits()) {
            if (v.stopsClock()) {
                attended.add(v.visitedAt());
            }
        }
        if (attended.size() > 1) {
            attended.sort(Comparator.naturalOrder());
        }
        Context context = new Context(history.referralId(), rules, history.ending(), allocations, attended,
                history.awaitsDischarge() ? history.dischargedAt() : null, waiting);

        List<ResponseClock> clocks = new ArrayList<>(2);
        ResponseStandard current = decisions.get(0).standard();
        Pathway pathway = decisions.get(0).pathway();
        Instant openedAt = current == null ? null : receivedAt;
        for (Fact.Decided decision : decisions.subList(1, decisions.size())) {
            if (decision.standard() == current) {
                pathway = decision.pathway(); // the same clock runs on, on the pathway decided last
                continue;
            }
            if (openedAt != null) {
                context.close(clocks, current, pathway, openedAt, decision.decidedAt());
            }
            current = decision.standard();
            pathway = decision.pathway();
            openedAt = current == null ? null : decision.decidedAt();
        }
        if (openedAt != null) {
            context.close(clocks, current, pathway, openedAt, null);
        }
        return new Evaluation(List.copyOf(clocks), null, origin, awaiting(history, waiting, current, false));
    }

    /** Awaiting discharge: waiting for one, not cancelled, and with a clock to start (the standard in force, if triaged). */
    private static AwaitingDischarge awaiting(ReferralHistory history, boolean waiting, ResponseStandard current,
            boolean untriaged) {
        if (!waiting || history.ending() != null || (!untriaged && current == null)) {
            return null;
        }
        return new AwaitingDischarge(history.receivedAt(), history.expectedDischargeDate());
    }

    /** From when a hub holds the referral by one allocation. */
    static Instant heldFrom(Fact.Allocated allocation, Instant receivedAt) {
        if (allocation.method() == AllocationMethod.POSTCODE_DISTRICT && receivedAt.isBefore(allocation.allocatedAt())) {
            return receivedAt;
        }
        return allocation.allocatedAt();
    }

    private record Holding(Instant from, int number, String hubId) {
    }

    private static final Comparator<Holding> HOLDING_ORDER = Comparator.comparing(Holding::from)
            .thenComparingInt(Holding::number);

    /**
     * @param ending       the cancellation or episode closure that ended the referral, or null: both
     *                     exclude an open clock the same way
     * @param dischargedAt the confirmed discharge of a referral made before it: no clock starts before it
     * @param waiting      a discharge is awaited and not confirmed yet: no clock has started
     */
    private record Context(String referralId, ClockRules rules, ReferralHistory.Ending ending, List<Holding> allocations,
            List<Instant> attended, Instant dischargedAt, boolean waiting) {

        /** Adds the clock that ran from {@code opened} (or the discharge), ended by a re-triage at {@code retriagedAt} if not null. */
        void close(List<ResponseClock> clocks, ResponseStandard standard, Pathway pathway, Instant opened,
                Instant retriagedAt) {
            if (waiting) {
                return; // the patient is still in hospital: no home visit can be due
            }
            Instant start = dischargedAt != null && dischargedAt.isAfter(opened) ? dischargedAt : opened;
            if (retriagedAt != null && retriagedAt.isBefore(start)) {
                return; // superseded before the patient left hospital: it never ran
            }
            if (ending != null && !start.isBefore(ending.at())) {
                return; // the referral was withdrawn, or its episode closed, before this clock could start
            }
            Instant deadline = start.plus(rules.durationOf(standard));
            Instant stop = null;
            for (Instant visit : attended) {
                if (!visit.isBefore(start)) {
                    stop = visit;
                    break;
                }
            }

            Instant excludedAt = null;
            ExclusionReason reason = null;
            if (ending != null) {
                excludedAt = ending.at();
                reason = ending.reason();
            }
            if (retriagedAt != null && (excludedAt == null || retriagedAt.isBefore(excludedAt))) {
                excludedAt = retriagedAt;
                reason = ExclusionReason.RETRIAGED;
            }

            ClockStatus settled = null;
            Instant settledAt = null;
            if (stop != null && !stop.isAfter(deadline) && (excludedAt == null || !stop.isAfter(excludedAt))) {
                settled = ClockStatus.MET;
                settledAt = stop;
                reason = null;
            } else if (excludedAt != null && excludedAt.isBefore(deadline)) {
                settled = ClockStatus.EXCLUDED;
                settledAt = excludedAt;
            } else {
                reason = null;
            }
            clocks.add(new ResponseClock(referralId, clocks.size() + 1, standard, start, deadline, stop, settled,
                    settledAt, reason, settledAt == null ? null : hubAt(settledAt), hubAt(deadline), currentHub(), pathway));
        }

        private String hubAt(Instant time) {
            String hub = ResponseClock.UNALLOCATED;
            for (Holding allocation : allocations) {
                if (allocation.from().isAfter(time)) {
                    break;
                }
                hub = allocation.hubId();
            }
            return hub;
        }

        private String currentHub() {
            return allocations.isEmpty() ? ResponseClock.UNALLOCATED : allocations.get(allocations.size() - 1).hubId();
        }
    }
}
