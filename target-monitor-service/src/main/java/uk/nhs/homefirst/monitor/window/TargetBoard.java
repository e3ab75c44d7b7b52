package uk.nhs.homefirst.monitor.window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import uk.nhs.homefirst.monitor.clock.Evaluation;

/**
 * The board every instance serves its figures from, guarded for the threads that feed it and the
 * threads that read it. Each read first moves the board to "now", so a clock breaches at its
 * deadline.
 *
 * <p>The referrals are divided into the partitions of the topics, and each partition's evaluations
 * come from one {@link Source} at a time: from this instance itself while it owns the partition, or
 * from the clock changelog while another instance does. The board keeps that source per partition,
 * so that an evaluation from the wrong one (a changelog record of a partition this instance has
 * since taken over, say) can never overwrite a newer one, and so that while a partition moves the
 * board keeps showing the last evaluations it had.
 */
public final class TargetBoard {

    /** Where the evaluations of one partition's referrals come from. */
    public enum Source {
        /** Nowhere yet: this instance has not been told of the partition, or is replaying it as its new owner. */
        NONE,
        /** Another instance owns the partition: its evaluations are read from the clock changelog. */
        CHANGELOG,
        /**
         * This instance gave the partition away (or never had it). Until the changelog has been read
         * again from its beginning, the board keeps what it had, and takes nothing of the partition
         * from the changelog piecemeal.
         */
        HANDED_OVER,
        /** This instance owns the partition, has replayed it, and feeds its evaluations in itself. */
        OWNER
    }

    private final ClockBoard board = new ClockBoard();
    private final Map<Integer, Source> sources = new HashMap<>();
    /** Per partition, how often it was handed over: a reading of the changelog answers one hand-over only. */
    private final Map<Integer, Long> handOvers = new HashMap<>();
    private final List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * The partitions the board may hold evaluations of (it was given some, from either source), so
     * that taking over a partition it never held anything of skips looking through every referral
     * on the board: on a start, each partition replayed would otherwise look through all those
     * taken over before it.
     */
    private final java.util.Set<Integer> mayHold = new java.util.HashSet<>();
    /** Whether evaluations came without their partition ({@link #update(Map, Instant)}): any partition may be held. */
    private boolean mayHoldAny;

    /**
     * Replaces what the board knows of these referrals, once it has moved to {@code now} as a read
     * would: a clock already past its deadline goes straight to the breaches rather than through
     * the pending clocks (which matters when hundreds of thousands arrive at once, on a replay).
     * The caller vouches that it owns the referrals.
     */
    public synchronized void update(Map<String, Evaluation> evaluations, Instant now) {
        mayHoldAny = true;
        board.advanceTo(now);
        board.updateAll(evaluations);
    }

    /** As {@link #update(Map, Instant)}, for referrals all of one partition. */
    public synchronized void update(int partition, Map<String, Evaluation> evaluations, Instant now) {
        mayHold.add(partition);
        board.advanceTo(now);
        board.updateAll(evaluations);
    }

    public synchronized <T> T read(Instant now, Function<ClockBoard, T> query) {
        board.advanceTo(now);
        return query.apply(board);
    }

    /** Called after any change of a partition's source, on the thread that made it. */
    public void onSourceChange(Runnable listener) {
        listeners.add(listener);
    }

    public synchronized Source source(int partition) {
        return sources.getOrDefault(partition, Source.NONE);
    }

    /**
     * This instance has replayed the partition and owns it now: {@code evaluations}, one for every
     * referral of the partition it knows, replace whatever the board held of the partition, and
     * from now on only this instance's own updates change it.
     *
     * @param ofPartition whether a referral id belongs to the partition
     */
    public synchronized void own(int partition, Predicate<String> ofPartition, Map<String, Evaluation> evaluations,
            Instant now) {
        board.advanceTo(now);
        if ((mayHoldAny || mayHold.contains(partition)) && board.referralCount() + board.awaitingTriageCount() > 0) {
            // What the changelog said of a referral this instance found no history of is not true any more.
            List<String> unknown = new ArrayList<>();
            board.forEachReferral(id -> {
                if (!evaluations.containsKey(id) && ofPartition.test(id)) {
                    unknown.add(id);
                }
            });
            unknown.forEach(id -> board.update(id, Evaluation.NOTHING));
        }
        board.updateAll(evaluations);
        mayHold.add(partition);
        changeSource(partition, Source.OWNER);
    }

    /**
     * This instance does not own the partition (any more): another instance's evaluations of it must
     * be read from the changelog. Returns whether the changelog has to be read again from its
     * beginning for that (it does not when the board already follows it).
     */
    public synchronized boolean handOver(int partition) {
        Source source = source(partition);
        if (source == Source.CHANGELOG || source == Source.HANDED_OVER) {
            return false;
        }
        handOvers.merge(partition, 1L, Long::sum);
        changeSource(partition, Source.HANDED_OVER);
        return true;
    }

    /** The partitions handed over and not yet read again from the changelog, each with its hand-over number. */
    public synchronized Map<Integer, Long> awaitingChangelog() {
        Map<Integer, Long> awaiting = new HashMap<>();
        sources.forEach((partition, source) -> {
            if (source == Source.HANDED_OVER) {
                awaiting.put(partition, handOvers.get(partition));
            }
        });
        return awaiting;
    }

    /**
     * The changelog of a handed-over partition read from its beginning: the latest evaluation of
     * each referral on it. They replace what the board had of them, and from now on the changelog's
     * records update the partition. Ignored, returning false, when the partition was taken over or
     * handed over again since {@code handOver} (the number {@link #awaitingChangelog()} gave).
     */
    public synchronized boolean follow(int partition, long handOver, Map<String, Evaluation> latest, Instant now) {
        if (source(partition) != Source.HANDED_OVER || handOvers.get(partition) != handOver) {
            return false;
        }
        mayHold.add(partition);
        board.advanceTo(now);
        board.updateAll(latest);
        changeSource(partition, Source.CHANGELOG);
        return true;
    }

    /** Evaluations read from the changelog as it grows: applied only to a partition the board follows there. */
    public synchronized boolean fromChangelog(int partition, Map<String, Evaluation> evaluations, Instant now) {
        if (source(partition) != Source.CHANGELOG) {
            return false;
        }
        update(partition, evaluations, now);
        return true;
    }

    private void changeSource(int partition, Source source) {
        sources.put(partition, source);
        listeners.forEach(Runnable::run);
    }
}
