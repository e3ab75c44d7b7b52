package uk.nhs.homefirst.monitor.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.AwaitingDischarge;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.clock.ResponseClock;

/**
 * Every response clock, indexed for the questions ops staff ask: how many met, breached and
 * excluded clocks resolved within a window, per hub and standard, and which are pending or at risk
 * now. Resolved clocks sit in sorted arrays of resolution times, so a window count costs two binary
 * searches whatever the length of the history.
 *
 * <p>Time moves clocks: {@link #advanceTo(Instant)} turns each pending clock whose deadline has
 * passed into a breach, counted at its deadline for the hub holding the referral then. Every query
 * advances first, so a breach shows from its deadline on.
 *
 * <p>Every figure splits by origin (QS173: hospital discharge or community). The board keeps the
 * hospital-discharge clocks a second time, in their own buckets; the community figure is the total
 * less the hospital one, so that the two always add up to the total.
 *
 * <p>Not thread-safe; {@link TargetBoard} guards it.
 */
public final class ClockBoard {

    private static final Comparator<ResponseClock> BY_DEADLINE = Comparator
            .comparing(ResponseClock::deadline).thenComparing(ResponseClock::referralId)
            .thenComparingInt(ResponseClock::sequence);

    private record Bucket(String hub, ResponseStandard standard, ClockStatus status) {
    }

    private record HubStandard(String hub, ResponseStandard standard) {
    }

    /** Where a clock was put, so that it can be taken out again exactly. */
    private record Placement(ResponseClock clock, String hub, ClockStatus status, long resolvedAt, boolean hospital) {
    }

    /** Each referral's clocks, where each was put. */
    private final Map<String, Placement[]> placed = new HashMap<>();
    private final Map<Bucket, SortedTimes> resolved = new HashMap<>();
    private final Map<HubStandard, NavigableSet<ResponseClock>> pendingByHub = new HashMap<>();
    private final NavigableSet<ResponseClock> pendingByDeadline = new TreeSet<>(BY_DEADLINE);
    private final Map<String, Instant> awaitingTriage = new HashMap<>();
    /** The hospital-discharge clocks again: the same buckets, for the split by origin. */
    private final Map<Bucket, SortedTimes> resolvedFromHospital = new HashMap<>();
    private final Map<HubStandard, NavigableSet<ResponseClock>> pendingFromHospital = new HashMap<>();
    private final Map<String, AwaitingDischarge> awaitingDischarge = new HashMap<>();
    private Instant now = Instant.EPOCH;

    /** Replaces what the board knows of one referral by its latest evaluation. */
    public void update(String referralId, Evaluation evaluation) {
        Placement[] previous = placed.remove(referralId);
        if (previous != null) {
            for (Placement placement : previous) {
                unplace(placement);
            }
        }
        List<ResponseClock> clocks = evaluation.clocks();
        boolean hospital = evaluation.origin() == Origin.HOSPITAL_DISCHARGE;
        if (!clocks.isEmpty()) {
            Placement[] placements = new Placement[clocks.size()];
            for (int i = 0; i < placements.length; i++) {
                placements[i] = place(clocks.get(i), hospital);
            }
            placed.put(referralId, placements);
        }
        if (evaluation.awaitingDischarge() == null) {
            awaitingDischarge.remove(referralId);
        } else {
            awaitingDischarge.put(referralId, evaluation.awaitingDischarge());
        }
        if (evaluation.awaitingTriageSince() == null) {
            awaitingTriage.remove(referralId);
        } else {
            awaitingTriage.put(referralId, evaluation.awaitingTriageSince());
        }
    }

    /**
     * As {@link #update} for each of the evaluations, the resolved clocks added to the windows'
     * sorted times in one merge per bucket rather than one insertion each.
     */
    public void updateAll(Map<String, Evaluation> evaluations) {
        if (evaluations.size() < 64) {
            evaluations.forEach(this::update);
            return;
        }
        batch = new HashMap<>();
        hospitalBatch = new HashMap<>();
        try {
            evaluations.forEach(this::update);
            batch.forEach((bucket, times) -> resolved.computeIfAbsent(bucket, k -> new SortedTimes())
                    .addAll(times.times, times.size));
            hospitalBatch.forEach((bucket, times) -> resolvedFromHospital.computeIfAbsent(bucket, k -> new SortedTimes())
                    .addAll(times.times, times.size));
        } finally {
            batch = null;
            hospitalBatch = null;
        }
    }

    /** Resolution times waiting to be merged into a bucket, during {@link #updateAll}. */
    private static final class TimesToAdd {
        long[] times = new long[64];
        int size;

        void add(long time) {
            if (size == times.length) {
                times = java.util.Arrays.copyOf(times, size * 2);
            }
            times[size++] = time;
        }
    }

    private Map<Bucket, TimesToAdd> batch;
    private Map<Bucket, TimesToAdd> hospitalBatch;

    /** Moves time forward to {@code instant}: pending clocks whose deadline passed become breaches. */
    public void advanceTo(Instant instant) {
        if (!instant.isAfter(now)) {
            return;
        }
        now = instant;
        while (!pendingByDeadline.isEmpty() && !pendingByDeadline.first().deadline().isAfter(now)) {
            ResponseClock due = pendingByDeadline.first();
            Placement[] placements = placed.get(due.referralId());
            for (int i = 0; i < placements.length; i++) {
                if (placements[i].clock() == due) {
                    unplace(placements[i]);
                    placements[i] = place(due, placements[i].hospital());
                }
            }
        }
    }

    public Instant now() {
        return now;
    }

    /** Counts for one hub and standard, over the clocks resolved after {@code from} and up to now. */
    public WindowCounts counts(String hub, ResponseStandard standard, Instant from, java.time.Duration atRiskMargin) {
        long fromNanos = epochNanos(from);
        long toNanos = epochNanos(now);
        NavigableSet<ResponseClock> pending = pendingByHub.getOrDefault(new HubStandard(hub, standard), EMPTY);
        return new WindowCounts(
                count(hub, standard, ClockStatus.MET, fromNanos, toNanos),
                count(hub, standard, ClockStatus.BREACHED, fromNanos, toNanos),
                count(hub, standard, ClockStatus.EXCLUDED, fromNanos, toNanos),
                pending.size(),
                atRisk(pending, atRiskMargin).size());
    }

    /**
     * The counts of one origin: those of the hospital-discharge clocks, or the total less them. The
     * two always add up to {@link #counts(String, ResponseStandard, Instant, java.time.Duration)}.
     */
    public WindowCounts counts(String hub, ResponseStandard standard, Instant from, java.time.Duration atRiskMargin,
            Origin origin) {
        long fromNanos = epochNanos(from);
        long toNanos = epochNanos(now);
        NavigableSet<ResponseClock> pending = pendingFromHospital.getOrDefault(new HubStandard(hub, standard), EMPTY);
        WindowCounts hospital = new WindowCounts(
                count(resolvedFromHospital, hub, standard, ClockStatus.MET, fromNanos, toNanos),
                count(resolvedFromHospital, hub, standard, ClockStatus.BREACHED, fromNanos, toNanos),
                count(resolvedFromHospital, hub, standard, ClockStatus.EXCLUDED, fromNanos, toNanos),
                pending.size(),
                atRisk(pending, atRiskMargin).size());
        if (origin == Origin.HOSPITAL_DISCHARGE) {
            return hospital;
        }
        WindowCounts all = counts(hub, standard, from, atRiskMargin);
        return new WindowCounts(all.met() - hospital.met(), all.breached() - hospital.breached(),
                all.excluded() - hospital.excluded(), all.pending() - hospital.pending(), all.atRisk() - hospital.atRisk());
    }

    /** The pending clocks of a hub and standard with less than {@code margin} left, soonest deadline first. */
    public List<ResponseClock> atRisk(String hub, ResponseStandard standard, java.time.Duration margin) {
        return new ArrayList<>(atRisk(pendingByHub.getOrDefault(new HubStandard(hub, standard), EMPTY), margin));
    }

    /**
     * The pending clocks of every hub with less than their standard's margin left, soonest deadline
     * first: the head of the deadline order, up to the widest margin.
     */
    public List<ResponseClock> atRisk(java.util.Map<ResponseStandard, java.time.Duration> margins) {
        java.time.Duration widest = margins.values().stream().max(Comparator.naturalOrder())
                .orElse(java.time.Duration.ZERO);
        List<ResponseClock> atRisk = new ArrayList<>();
        for (ResponseClock clock : pendingByDeadline.headSet(probe(now.plus(widest)), false)) {
            if (clock.deadline().isBefore(now.plus(margins.getOrDefault(clock.standard(), java.time.Duration.ZERO)))) {
                atRisk.add(clock);
            }
        }
        return atRisk;
    }

    /**
     * The clocks of a hub and standard in one state: the pending ones now, or those that resolved in
     * that state after {@code from} and up to now (a hub or standard of null: every one). What a figure counts,
     * clock by clock. A scan of the board, which holds the clocks of the longest window only.
     */
    public List<ResponseClock> clocks(String hub, ResponseStandard standard, ClockStatus status, Instant from) {
        List<ResponseClock> clocks = new ArrayList<>();
        if (status == ClockStatus.PENDING) {
            for (ResponseClock clock : pendingByDeadline) {
                if ((hub == null || hub.equals(clock.hub(now))) && (standard == null || standard == clock.standard())) {
                    clocks.add(clock);
                }
            }
            return clocks;
        }
        long fromNanos = epochNanos(from);
        long toNanos = epochNanos(now);
        for (Placement[] placements : placed.values()) {
            for (Placement placement : placements) {
                if (placement.status() == status && placement.resolvedAt() > fromNanos && placement.resolvedAt() <= toNanos
                        && (hub == null || hub.equals(placement.hub()))
                        && (standard == null || standard == placement.clock().standard())) {
                    clocks.add(placement.clock());
                }
            }
        }
        clocks.sort(Comparator.comparing((ResponseClock clock) -> clock.resolvedAt(now)).reversed()
                .thenComparing(ResponseClock::clockId));
        return clocks;
    }

    /** The hospital referrals whose patients have not left hospital yet, with their expected dates. */
    public Map<String, AwaitingDischarge> awaitingDischarge() {
        return Map.copyOf(awaitingDischarge);
    }

    /** The referrals received but neither triaged nor cancelled, with their receipt time. */
    public Map<String, Instant> awaitingTriage() {
        return Map.copyOf(awaitingTriage);
    }

    /**
     * Every hub that some clock counts for now: a pending one, or one resolved within the reach of
     * the longest window ({@link TargetWindow#REACH}). A hub whose clocks all resolved before that
     * has nothing left to show in any window.
     */
    public Set<String> hubsSeen() {
        Set<String> hubs = new java.util.HashSet<>();
        pendingByHub.forEach((hubStandard, clocks) -> {
            if (!clocks.isEmpty()) {
                hubs.add(hubStandard.hub());
            }
        });
        long reach = epochNanos(now.minus(TargetWindow.REACH));
        resolved.forEach((bucket, times) -> {
            if (times.latestAfter(reach)) {
                hubs.add(bucket.hub());
            }
        });
        return hubs;
    }

    /** Where the referral of a clock on the board came from: its clocks are placed with it. */
    public Origin originOf(String referralId) {
        Placement[] placements = placed.get(referralId);
        return placements != null && placements.length > 0 && placements[0].hospital() ? Origin.HOSPITAL_DISCHARGE
                : Origin.COMMUNITY;
    }

    public List<ResponseClock> clocksOf(String referralId) {
        Placement[] placements = placed.get(referralId);
        return placements == null ? List.of() : java.util.Arrays.stream(placements).map(Placement::clock).toList();
    }

    public int pendingCount() {
        return pendingByDeadline.size();
    }

    private static final NavigableSet<ResponseClock> EMPTY =
            java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(BY_DEADLINE));

    private NavigableSet<ResponseClock> atRisk(NavigableSet<ResponseClock> pending, java.time.Duration margin) {
        // Less than the margin left: the deadline is before now + margin (and, being pending, after now).
        return pending.headSet(probe(now.plus(margin)), false);
    }

    /** A clock that sorts before every real clock with this deadline. */
    private static ResponseClock probe(Instant deadline) {
        return new ResponseClock("", 0, null, null, deadline, null, null, null, null, null, null, null, null);
    }

    private static long epochNanos(Instant instant) {
        return SortedTimes.nanos(instant);
    }

    private int count(String hub, ResponseStandard standard, ClockStatus status, long from, long to) {
        return count(resolved, hub, standard, status, from, to);
    }

    private static int count(Map<Bucket, SortedTimes> buckets, String hub, ResponseStandard standard, ClockStatus status,
            long from, long to) {
        SortedTimes times = buckets.get(new Bucket(hub, standard, status));
        return times == null ? 0 : times.countAfterUpTo(from, to);
    }

    private Placement place(ResponseClock clock, boolean hospital) {
        ClockStatus status = clock.status(now);
        String hub = clock.hub(now);
        if (status == ClockStatus.PENDING) {
            pendingByDeadline.add(clock);
            HubStandard key = new HubStandard(hub, clock.standard());
            pendingByHub.computeIfAbsent(key, k -> new TreeSet<>(BY_DEADLINE)).add(clock);
            if (hospital) {
                pendingFromHospital.computeIfAbsent(key, k -> new TreeSet<>(BY_DEADLINE)).add(clock);
            }
            return new Placement(clock, hub, status, 0, hospital);
        }
        long resolvedAt = epochNanos(clock.resolvedAt(now));
        Bucket bucket = new Bucket(hub, clock.standard(), status);
        if (batch != null) {
            batch.computeIfAbsent(bucket, k -> new TimesToAdd()).add(resolvedAt);
            if (hospital) {
                hospitalBatch.computeIfAbsent(bucket, k -> new TimesToAdd()).add(resolvedAt);
            }
        } else {
            resolved.computeIfAbsent(bucket, k -> new SortedTimes()).add(resolvedAt);
            if (hospital) {
                resolvedFromHospital.computeIfAbsent(bucket, k -> new SortedTimes()).add(resolvedAt);
            }
        }
        return new Placement(clock, hub, status, resolvedAt, hospital);
    }

    private void unplace(Placement placement) {
        HubStandard key = new HubStandard(placement.hub(), placement.clock().standard());
        if (placement.status() == ClockStatus.PENDING) {
            pendingByDeadline.remove(placement.clock());
            NavigableSet<ResponseClock> pending = pendingByHub.get(key);
            if (pending != null) {
                pending.remove(placement.clock());
            }
            NavigableSet<ResponseClock> fromHospital = placement.hospital() ? pendingFromHospital.get(key) : null;
            if (fromHospital != null) {
                fromHospital.remove(placement.clock());
            }
        } else {
            Bucket bucket = new Bucket(placement.hub(), placement.clock().standard(), placement.status());
            SortedTimes times = resolved.get(bucket);
            if (times != null) {
                times.remove(placement.resolvedAt());
            }
            SortedTimes fromHospital = placement.hospital() ? resolvedFromHospital.get(bucket) : null;
            if (fromHospital != null) {
                fromHospital.remove(placement.resolvedAt());
            }
        }
    }
}
