package uk.nhs.homefirst.triage.figures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An LDU's time to triage over a window of receipts. A referral is triaged by its first decision that
 * is not the rules' catch-all (which a clinician must confirm): by the rules at once, or by a clinician
 * after a wait. The waits of those a clinician triaged are the LDU's figure; the rest are counted.
 */
public final class TimeToTriage {

    /**
     * A referral as the figure needs it.
     *
     * @param triagedAt when it was triaged, or null while it waits (or was cancelled first)
     * @param byRules   triaged by the rules, with no person
     */
    public record Case(Instant receivedAt, boolean cancelled, boolean outOfHours, Instant triagedAt, boolean byRules) {
    }

    /**
     * @param received     referrals received in the window and routed to the LDU
     * @param byRules      triaged by the rules
     * @param byClinician  triaged by a clinician
     * @param waiting      not triaged and not cancelled: waiting now
     * @param outOfHours   received while the LDU was closed
     * @param median       the median wait of those a clinician triaged, receipt to decision; null when none
     * @param ninetieth    the 90th percentile of the same (nearest rank); null when none
     */
    public record Figure(int received, int byRules, int byClinician, int waiting, int outOfHours, Duration median,
            Duration ninetieth) {
    }

    private TimeToTriage() {
    }

    /** The figure of the cases received in {@code [from, to)}. */
    public static Figure of(Collection<Case> cases, Instant from, Instant to) {
        int received = 0;
        int byRules = 0;
        int waiting = 0;
        int outOfHours = 0;
        List<Duration> waits = new ArrayList<>();
        for (Case c : cases) {
            if (c.receivedAt().isBefore(from) || !c.receivedAt().isBefore(to)) {
                continue;
            }
            received++;
            if (c.outOfHours()) {
                outOfHours++;
            }
            if (c.triagedAt() == null) {
                if (!c.cancelled()) {
                    waiting++;
                }
            } else if (c.byRules()) {
                byRules++;
            } else {
                waits.add(Duration.between(c.receivedAt(), c.triagedAt()));
            }
        }
        waits.sort(null);
        return new Figure(received, byRules, waits.size(), waiting, outOfHours, rank(waits, 50), rank(waits, 90));
    }

    /** The nearest-rank percentile: a wait some referral really had, never an interpolation. */
    static Duration rank(List<Duration> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
