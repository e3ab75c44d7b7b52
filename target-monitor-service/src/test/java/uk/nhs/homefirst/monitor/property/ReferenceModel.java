package uk.nhs.homefirst.monitor.property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;

/**
 * The response clock rules of docs/product.md written a second time, for obviousness rather than speed:
 * from the full list of facts and a time "now", it recomputes every clock from scratch by linear
 * scans and counts them. It shares no code with {@code clock/} and {@code window/}, only the facts
 * and the interpretations the README states, so that a property comparing the two catches a
 * mistake in either.
 */
final class ReferenceModel {

    static final String UNALLOCATED = "UNALLOCATED";

    /** The configuration the figures depend on. */
    record Rules(Map<ResponseStandard, Duration> durations, Map<ResponseStandard, Duration> atRiskMargins,
            List<String> hubs, ZoneId zone) {
    }

    enum Status {
        MET, BREACHED, EXCLUDED, PENDING
    }

    /** One clock as seen at "now": resolvedAt is null while pending. */
    record Clock(String referralId, ResponseStandard standard, Instant start, Instant deadline, Status status,
            Instant resolvedAt, String hub, Origin origin) {
    }

    /** The hospital referrals whose patients have not left hospital. */
    record AwaitingDischarge(int count, LocalDate earliestExpectedDate, int withoutDate) {
    }

    /** The figures of one hub, standard and window. */
    record Counts(int met, int breached, int excluded, int pending, int atRisk, BigDecimal percentage) {

        @Override
        public String toString() {
            return "met " + met + ", breached " + breached + ", excluded " + excluded + ", pending " + pending
                    + ", at risk " + atRisk + ", " + (percentage == null ? "no percentage" : percentage + "%");
        }
    }

    /**
     * Everything the target report shows, keyed for comparison.
     *
     * @param hubs     hub → standard → window label → counts
     * @param byOrigin the same for the clocks of each origin alone
     */
    record Figures(Instant asOf, int awaitingTriage, Instant oldestAwaitingTriage, AwaitingDischarge awaitingDischarge,
            Map<String, Map<ResponseStandard, Map<String, Counts>>> hubs,
            Map<Origin, Map<String, Map<ResponseStandard, Map<String, Counts>>>> byOrigin) {
    }

    static final List<String> WINDOWS = List.of("24h", "7d", "28d", "month-to-date");

    private ReferenceModel() {
    }

    /**
     * The daily ({@code month} false) or monthly figures of the clocks resolved on or after {@code from}
     * (Europe/London), keyed "start standard hub origin", origin ALL for every clock, then each origin's
     * alone: "met m, breached b, excluded e". Only figures with a clock in them.
     */
    static Map<String, String> periodFigures(List<Fact> facts, Instant now, Rules rules, boolean month, LocalDate from) {
        Map<String, int[]> counts = new TreeMap<>();
        for (Clock clock : clocks(facts, now, rules)) {
            if (clock.status() == Status.PENDING) {
                continue;
            }
            LocalDate day = LocalDate.ofInstant(clock.resolvedAt(), rules.zone());
            if (day.isBefore(from)) {
                continue;
            }
            LocalDate start = month ? day.withDayOfMonth(1) : day;
            for (String origin : List.of("ALL", clock.origin().name())) {
                counts.computeIfAbsent(start + " " + clock.standard() + " " + clock.hub() + " " + origin,
                        k -> new int[3])[clock.status().ordinal()]++;
            }
        }
        Map<String, String> figures = new TreeMap<>();
        counts.forEach((key, c) -> figures.put(key, "met " + c[0] + ", breached " + c[1] + ", excluded " + c[2]));
        return figures;
    }

    /** The figures at {@code now}, from every fact known of every referral. */
    static Figures figures(List<Fact> facts, Instant now, Rules rules) {
        List<Clock> clocks = clocks(facts, now, rules);

        // A hub is listed while some clock counts for it: pending, or resolved within the longest
        // window's reach (32 days: the month to date is at most 31 days and an hour).
        Set<String> hubs = new LinkedHashSet<>(rules.hubs());
        for (Clock clock : clocks) {
            if (clock.status() == Status.PENDING || clock.resolvedAt().isAfter(now.minus(Duration.ofDays(32)))) {
                hubs.add(clock.hub());
            }
        }
        hubs.add(UNALLOCATED);

        Map<String, Map<ResponseStandard, Map<String, Counts>>> byHub = byHub(clocks, hubs, now, rules);
        Map<Origin, Map<String, Map<ResponseStandard, Map<String, Counts>>>> byOrigin = new TreeMap<>();
        for (Origin origin : Origin.values()) {
            byOrigin.put(origin, byHub(clocks.stream().filter(c -> c.origin() == origin).toList(), hubs, now, rules));
        }

        int awaiting = 0;
        Instant oldest = null;
        for (String referralId : referralIds(facts)) {
            Instant receivedAt = earliestReceived(facts, referralId);
            boolean decided = facts.stream().anyMatch(f -> f instanceof Fact.Decided && f.referralId().equals(referralId));
            boolean cancelled = facts.stream().anyMatch(f -> (f instanceof Fact.Cancelled || f instanceof Fact.EpisodeClosed)
                    && f.referralId().equals(referralId));
            if (receivedAt != null && !decided && !cancelled) {
                awaiting++;
                oldest = earlier(oldest, receivedAt);
            }
        }
        return new Figures(now, awaiting, oldest, awaitingDischarge(facts), byHub, byOrigin);
    }

    private static Map<String, Map<ResponseStandard, Map<String, Counts>>> byHub(List<Clock> clocks, Set<String> hubs,
            Instant now, Rules rules) {
        Map<String, Map<ResponseStandard, Map<String, Counts>>> byHub = new TreeMap<>();
        for (String hub : hubs) {
            Map<ResponseStandard, Map<String, Counts>> byStandard = new TreeMap<>();
            for (ResponseStandard standard : ResponseStandard.values()) {
                Map<String, Counts> byWindow = new TreeMap<>();
                for (String window : WINDOWS) {
                    byWindow.put(window, counts(clocks, hub, standard, window, now, rules));
                }
                byStandard.put(standard, byWindow);
            }
            byHub.put(hub, byStandard);
        }
        return byHub;
    }

    /**
     * A referral awaits discharge while it was referred before one, none is confirmed, it is not
     * cancelled, and its standard in force (if triaged) has a clock to start. Its expected date is
     * the one changed last (of two changed at once, the later date).
     */
    static AwaitingDischarge awaitingDischarge(List<Fact> facts) {
        int count = 0;
        int withoutDate = 0;
        LocalDate earliest = null;
        for (String referralId : referralIds(facts)) {
            boolean waits = false;
            boolean discharged = false;
            boolean cancelled = false;
            Instant changedAt = null;
            LocalDate expected = null;
            for (Fact fact : facts) {
                if (!fact.referralId().equals(referralId)) {
                    continue;
                }
                Instant at = null;
                LocalDate date = null;
                if (fact instanceof Fact.Received r && r.awaitsDischarge()) {
                    waits = true;
                    at = r.receivedAt();
                    date = r.expectedDischargeDate();
                } else if (fact instanceof Fact.DischargeDelayed m) {
                    at = m.changedAt();
                    date = m.expectedDate();
                }
                discharged |= fact instanceof Fact.Discharged;
                cancelled |= fact instanceof Fact.Cancelled || fact instanceof Fact.EpisodeClosed;
                if (at != null && (changedAt == null || at.isAfter(changedAt) || (at.equals(changedAt)
                        && (expected == null || (date != null && date.isAfter(expected)))))) {
                    changedAt = at;
                    expected = date;
                }
            }
            List<Fact.Decided> decisions = decisionsInOrder(referralId, facts);
            boolean hasAClockToStart = decisions.isEmpty() || decisions.get(decisions.size() - 1).standard() != null;
            if (waits && !discharged && !cancelled && hasAClockToStart) {
                count++;
                if (expected == null) {
                    withoutDate++;
                } else if (earliest == null || expected.isBefore(earliest)) {
                    earliest = expected;
                }
            }
        }
        return new AwaitingDischarge(count, earliest, withoutDate);
    }

    static Counts counts(List<Clock> clocks, String hub, ResponseStandard standard, String window, Instant now,
            Rules rules) {
        int met = 0;
        int breached = 0;
        int excluded = 0;
        int pending = 0;
        int atRisk = 0;
        for (Clock clock : clocks) {
            if (!clock.hub().equals(hub) || clock.standard() != standard) {
                continue;
            }
            if (clock.status() == Status.PENDING) {
                pending++;
                if (Duration.between(now, clock.deadline()).compareTo(rules.atRiskMargins().get(standard)) < 0) {
                    atRisk++;
                }
            } else if (inWindow(clock.resolvedAt(), window, now, rules.zone())) {
                switch (clock.status()) {
                    case MET -> met++;
                    case BREACHED -> breached++;
                    case EXCLUDED -> excluded++;
                    default -> throw new IllegalStateException();
                }
            }
        }
        BigDecimal percentage = met + breached == 0 ? null
                : new BigDecimal(met * 100).divide(new BigDecimal(met + breached), 1, RoundingMode.HALF_UP);
        return new Counts(met, breached, excluded, pending, atRisk, percentage);
    }

    /** The rolling windows run back from now, excluding their first instant; the month starts at local midnight. */
    static boolean inWindow(Instant resolvedAt, String window, Instant now, ZoneId zone) {
        if (resolvedAt.isAfter(now)) {
            return false;
        }
        return switch (window) {
            case "24h" -> resolvedAt.isAfter(now.minus(Duration.ofHours(24)));
            case "7d" -> resolvedAt.isAfter(now.minus(Duration.ofDays(7)));
            case "28d" -> resolvedAt.isAfter(now.minus(Duration.ofDays(28)));
            case "month-to-date" -> {
                LocalDate today = now.atZone(zone).toLocalDate();
                Instant firstOfMonth = today.withDayOfMonth(1).atStartOfDay(zone).toInstant();
                yield !resolvedAt.isBefore(firstOfMonth);
            }
            default -> throw new IllegalArgumentException(window);
        };
    }

    /** Every clock of every referral, as it stands at {@code now}. */
    static List<Clock> clocks(List<Fact> facts, Instant now, Rules rules) {
        List<Clock> clocks = new ArrayList<>();
        for (String referralId : referralIds(facts)) {
            clocks.addAll(clocksOf(referralId, facts, now, rules));
        }
        return clocks;
    }

    static List<Clock> clocksOf(String referralId, List<Fact> facts, Instant now, Rules rules) {
        Instant receivedAt = earliestReceived(facts, referralId);
        if (receivedAt == null) {
            for (Fact fact : facts) {
                if (fact instanceof Fact.Decided d && d.referralId().equals(referralId)) {
                    receivedAt = earlier(receivedAt, d.receivedAt());
                }
            }
        }
        List<Fact.Decided> decisions = decisionsInOrder(referralId, facts);
        if (receivedAt == null || decisions.isEmpty()) {
            return List.of();
        }
        Instant cancelledAt = null;
        Instant dischargedAt = null;
        boolean awaitsDischarge = false;
        Origin origin = Origin.COMMUNITY;
        for (Fact fact : facts) {
            if (!fact.referralId().equals(referralId)) {
                continue;
            }
            if (fact instanceof Fact.Cancelled c) {
                cancelledAt = earlier(cancelledAt, c.cancelledAt());
            } else if (fact instanceof Fact.EpisodeClosed x) {
                // A closed episode ends the referral's clocks as a cancellation does.
                cancelledAt = earlier(cancelledAt, x.closedAt());
            } else if (fact instanceof Fact.Discharged d) {
                dischargedAt = earlier(dischargedAt, d.dischargedAt());
                awaitsDischarge = true;
            } else if (fact instanceof Fact.Received r) {
                awaitsDischarge |= r.awaitsDischarge();
                if (r.origin() == Origin.HOSPITAL_DISCHARGE) {
                    origin = Origin.HOSPITAL_DISCHARGE;
                }
            }
        }
        if (awaitsDischarge && dischargedAt == null) {
            return List.of(); // still in hospital: no clock has started
        }

        // The decisions that change the standard: the first one, and each whose standard differs from the one before.
        List<Fact.Decided> changes = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (i == 0 || decisions.get(i).standard() != decisions.get(i - 1).standard()) {
                changes.add(decisions.get(i));
            }
        }

        List<Clock> clocks = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            ResponseStandard standard = changes.get(i).standard();
            if (standard == null) {
                continue;
            }
            Instant start = i == 0 ? receivedAt : changes.get(i).decidedAt();
            if (dischargedAt != null && dischargedAt.isAfter(start)) {
                start = dischargedAt; // never before the patient left hospital
            }
            Instant retriagedAt = i + 1 < changes.size() ? changes.get(i + 1).decidedAt() : null;
            if (retriagedAt != null && retriagedAt.isBefore(start)) {
                continue;
            }
            if (cancelledAt != null && !start.isBefore(cancelledAt)) {
                continue;
            }
            Instant deadline = start.plus(rules.durations().get(standard));

            Instant stop = null;
            for (Fact fact : facts) {
                if (fact instanceof Fact.Visited v && v.referralId().equals(referralId)
                        && v.outcome() == VisitOutcome.ATTENDED
                        && (v.contactType() == null || v.contactType() == ContactType.IN_PERSON)
                        && stands(facts, v) && !v.visitedAt().isBefore(start)) {
                    stop = earlier(stop, v.visitedAt());
                }
            }
            Instant exclusion = earlier(retriagedAt, cancelledAt);

            Status status;
            Instant resolvedAt;
            if (stop != null && !stop.isAfter(deadline) && (exclusion == null || !stop.isAfter(exclusion))) {
                status = Status.MET;
                resolvedAt = stop;
            } else if (exclusion != null && exclusion.isBefore(deadline)) {
                status = Status.EXCLUDED;
                resolvedAt = exclusion;
            } else if (!now.isBefore(deadline)) {
                status = Status.BREACHED;
                resolvedAt = deadline;
            } else {
                status = Status.PENDING;
                resolvedAt = null;
            }
            String hub = resolvedAt != null
                    ? hubAt(referralId, facts, receivedAt, resolvedAt)
                    : currentHub(referralId, facts, receivedAt);
            clocks.add(new Clock(referralId, standard, start, deadline, status, resolvedAt, hub, origin));
        }
        return clocks;
    }

    /** The hub of the allocation that holds latest at or before {@code time}; ties by allocation number. */
    static String hubAt(String referralId, List<Fact> facts, Instant receivedAt, Instant time) {
        Fact.Allocated holding = null;
        for (Fact fact : facts) {
            if (fact instanceof Fact.Allocated a && a.referralId().equals(referralId)
                    && !heldFrom(a, receivedAt).isAfter(time) && (holding == null || laterHolding(a, holding, receivedAt))) {
                holding = a;
            }
        }
        return holding == null ? UNALLOCATED : holding.hubId();
    }

    /** The hub of the allocation that holds latest of all. */
    static String currentHub(String referralId, List<Fact> facts, Instant receivedAt) {
        return hubAt(referralId, facts, receivedAt, Instant.MAX);
    }

    /** An allocation by postcode district follows from the referral itself, so it holds from its receipt. */
    static Instant heldFrom(Fact.Allocated allocation, Instant receivedAt) {
        if (allocation.method() == AllocationMethod.POSTCODE_DISTRICT) {
            return earlier(allocation.allocatedAt(), receivedAt);
        }
        return allocation.allocatedAt();
    }

    private static boolean laterHolding(Fact.Allocated a, Fact.Allocated b, Instant receivedAt) {
        int byTime = heldFrom(a, receivedAt).compareTo(heldFrom(b, receivedAt));
        return byTime > 0 || (byTime == 0 && a.allocationNumber() > b.allocationNumber());
    }

    /** The referral's decisions, each once, by decision number: the order triage made them in. */
    private static List<Fact.Decided> decisionsInOrder(String referralId, List<Fact> facts) {
        List<Fact.Decided> remaining = new ArrayList<>();
        for (Fact fact : facts) {
            if (fact instanceof Fact.Decided d && d.referralId().equals(referralId) && !remaining.contains(d)) {
                remaining.add(d);
            }
        }
        // Selection sort: take the lowest-numbered remaining decision each time.
        List<Fact.Decided> ordered = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Fact.Decided first = remaining.get(0);
            for (Fact.Decided d : remaining) {
                if (d.decisionNumber() < first.decisionNumber()) {
                    first = d;
                }
            }
            remaining.remove(first);
            ordered.add(first);
        }
        return ordered;
    }

    /**
     * Whether this version of a visit is the one that stands for its referral: none of the
     * referral's own facts about the visit has a higher revision, nor is a void of its revision or
     * later. A referral's clocks read its own events only: a visit moved away reaches the old
     * referral as a void, and the new one as a revision of the visit.
     */
    private static boolean stands(List<Fact> facts, Fact.Visited visit) {
        for (Fact fact : facts) {
            if (!fact.referralId().equals(visit.referralId())) {
                continue;
            }
            if (fact instanceof Fact.Visited other && other.visitId().equals(visit.visitId())
                    && other.revision() > visit.revision()) {
                return false;
            }
            if (fact instanceof Fact.VisitVoided voided && voided.visitId().equals(visit.visitId())
                    && voided.revision() >= visit.revision()) {
                return false;
            }
        }
        return true;
    }

    private static Instant earliestReceived(List<Fact> facts, String referralId) {
        Instant receivedAt = null;
        for (Fact fact : facts) {
            if (fact instanceof Fact.Received r && r.referralId().equals(referralId)) {
                receivedAt = earlier(receivedAt, r.receivedAt());
            }
        }
        return receivedAt;
    }

    private static Set<String> referralIds(List<Fact> facts) {
        Set<String> ids = new LinkedHashSet<>();
        for (Fact fact : facts) {
            ids.add(fact.referralId());
        }
        return ids;
    }

    /** The earlier of two times, either of which may be null (unknown). */
    static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
