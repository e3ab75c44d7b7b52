package uk.nhs.homefirst.monitor.topology;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.clock.ReferralHistory;

/**
 * What the monitor keeps of one referral between its events, in its partition's store: the history,
 * and what it has told the rest of the topology, so that each change is sent once and only changes
 * are sent. Once the referral has left the state only {@code evictedAt} remains, for a while, so
 * that a late event for it is recognised as late.
 *
 * @param onBoard       what {@code target-monitor.board} holds for it; null when nothing
 * @param contributions its resolved clocks as the judges of their hubs and standards hold them
 * @param announcements clocks announced at risk or breached, to which hub; breaches sent on response-clocks
 * @param scheduledAt   the next time something of it changes without an event; null when nothing will
 */
record ReferralRecord(ReferralHistory.Snapshot history, Evaluation onBoard, List<Contribution> contributions,
        List<Announcement> announcements, Instant scheduledAt, Instant evictedAt) {

    static final ReferralRecord NEW = new ReferralRecord(null, null, List.of(), List.of(), null, null);

    ReferralRecord {
        contributions = contributions == null ? List.of() : List.copyOf(contributions);
        announcements = announcements == null ? List.of() : List.copyOf(announcements);
    }

    boolean evicted() {
        return evictedAt != null;
    }

    /** A resolved clock as the judges of its hub and standard count it, with its referral's origin for the figures. */
    record Contribution(String hubId, ResponseStandard standard, int clockNumber, ClockStatus status,
            Instant resolvedAt, Origin origin) {

        Contribution {
            // Stores written before the split held no origin: community, as for every referral then.
            origin = origin == null ? Origin.COMMUNITY : origin;
        }

        /** The judge's key: one judge per hub and standard. */
        String judgeKey() {
            return standard + "|" + hubId;
        }
    }

    /**
     * AT_RISK and BREACHED: announced on target-alerts to a hub. BREACH_SENT: a breach by time alone (its
     * deadline passed with no visit) sent on response-clocks, for that deadline; at most one per clock.
     */
    enum Kind {
        AT_RISK, BREACHED, BREACH_SENT
    }

    /**
     * A clock announced on target-alerts to a hub, or its breach on response-clocks.
     *
     * @param listed whether it is on the alert list still (warnings are listed for a while)
     */
    record Announcement(Kind kind, int clockNumber, String hubId, ResponseStandard standard, Instant deadline,
            Instant at, boolean listed) {
    }
}
