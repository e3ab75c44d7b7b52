package uk.nhs.homefirst.referral.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Application-level group commit: the writes of requests that arrive together are committed in one
 * database transaction, and each request is answered when, and only when, that transaction has
 * committed. A transaction costs the database about the same whether it carries one referral or
 * fifty (a round trip per statement, a commit, a WAL flush), so under load this is what lets a
 * referral cost little more than its rows.
 *
 * <ul>
 * <li>Requests wait in a bounded queue; a request that finds it full is refused at once
 * ({@link Overloaded}) rather than queued behind work it cannot get through in time.</li>
 * <li>{@code writers} threads each take what is waiting, up to {@code maxBatch} items, and hand
 * it to the {@link Batch}, which writes it all in one transaction. When nothing is waiting, a
 * writer takes the first item that comes, alone: a batch never waits for company unless
 * {@code maxWait} says so. So one request on its own is written at once, and batches grow with
 * the load; with two writers, one batch is written while the other commits.</li>
 * <li>An item whose future is already complete when a writer takes it (its request gave up
 * waiting, {@link CompletableFuture#orTimeout}) is not written: its request was answered.</li>
 * <li>A batch that fails because of what one of its items holds (a constraint it breaks) is
 * written again one item at a time, so that each item gets its own answer and the others are not
 * refused for it. A batch that fails because of the database (gone, restarting) fails each of its
 * items with that failure, and the writer carries on with the next batch.</li>
 * </ul>
 *
 * Plain Java: the batch, the clock of waiting and the failures are given; nothing here knows SQL.
 *
 * @param <T> what a request hands in
 * @param <R> what it gets back once its batch committed
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    /** Writes items in one transaction and returns one result per item, in their order. */
    @FunctionalInterface
    public interface Batch<T, R> {
        List<R> write(List<T> items) throws Exception;
    }

    /** The queue was full: the request was not taken, nothing of it was written. */
    public static final class Overloaded extends RuntimeException {
        Overloaded() {
            super("too many writes waiting", null, false, false);
        }
    }

    /** The writer stopped (the service is shutting down): the request was not taken. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super("the writer has stopped", null, false, false);
        }
    }

    /** What the writers have done: batches committed and the items in them, for metrics. */
    public record Stats(long batches, long items, long isolated) {
    }

    private static final long POLL_MILLIS = 250;

    private record Pending<T, R>(T item, CompletableFuture<R> result) {
    }

    private final Batch<T, R> batch;
    private final Predicate<Throwable> isolatable;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Pending<T, R>> queue;
    private final List<Thread> writers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong isolated = new AtomicLong();
    private volatile boolean running = true;

    /**
     * @param name       the writer threads' name
     * @param writers    how many batches may be in the database at once
     * @param maxBatch   the most items in one batch
     * @param maxWait    how long a writer that found fewer than {@code maxBatch} items waits for more; zero: not at all
     * @param capacity   how many items may wait
     * @param isolatable whether a batch that failed so is worth writing again item by item, because
     *                   the failure may be one item's; otherwise every item fails with it
     */
    public GroupCommit(String name, int writers, int maxBatch, Duration maxWait, int capacity,
            Predicate<Throwable> isolatable, Batch<T, R> batch) {
        if (writers < 1 || maxBatch < 1 || capacity < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException("writers, maxBatch and capacity must be positive, maxWait not negative");
        }
        this.batch = Objects.requireNonNull(batch);
        this.isolatable = Objects.requireNonNull(isolatable);
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::run, name + "-" + i);
            writer.setDaemon(true);
            this.writers.add(writer);
            writer.start();
        }
    }

    /**
     * Hands an item in. The future completes with its result once its batch committed, or
     * exceptionally with what prevented that: the batch's failure, {@link Overloaded} or
     * {@link Stopped}. It is completed by a writer thread: whatever follows it should be quick.
     */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new Stopped());
        } else if (!queue.offer(new Pending<>(item, result))) {
            result.completeExceptionally(new Overloaded());
        } else if (!running) {
            // Stopped in between: close() may have drained the queue already; nobody else will answer it.
            failWaiting();
        }
        return result;
    }

    /** Items waiting for a writer now. */
    public int waiting() {
        return queue.size();
    }

    public Stats stats() {
        return new Stats(batches.get(), items.get(), isolated.get());
    }

    /** Stops taking items, lets the writers write what is waiting, and fails whatever is left after that. */
    @Override
    public void close() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failWaiting();
    }

    private void failWaiting() {
        Pending<T, R> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new Stopped());
        }
    }

    private void run() {
        List<Pending<T, R>> taken = new ArrayList<>(maxBatch);
        // Once stopped, on until the queue is empty: what was taken in is written.
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                taken.add(first);
                queue.drainTo(taken, maxBatch - 1);
                if (maxWaitNanos > 0 && taken.size() < maxBatch) {
                    gather(taken);
                }
                // A request that stopped waiting (its future was completed, by a timeout) has been
                // answered already: it is not written.
                taken.removeIf(pending -> pending.result().isDone());
            } catch (InterruptedException e) {
                // Not interrupted by close(); by anything else, stop after writing what was taken.
                running = false;
            }
            if (!taken.isEmpty()) {
                write(taken);
                taken.clear();
            }
        }
    }

    private void gather(List<Pending<T, R>> taken) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        long left;
        while (taken.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
            Pending<T, R> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            taken.add(next);
            queue.drainTo(taken, maxBatch - taken.size());
        }
    }

    private void write(List<Pending<T, R>> taken) {
        try {
            complete(taken, attempt(taken));
        } catch (Throwable failure) {
            if (taken.size() > 1 && isolatable.test(failure)) {
                // One item may be at fault: each alone, so that it alone is refused.
                isolated.incrementAndGet();
                for (Pending<T, R> one : taken) {
                    try {
                        complete(List.of(one), attempt(List.of(one)));
                    } catch (Throwable own) {
                        one.result().completeExceptionally(own);
                    }
                }
            } else {
                for (Pending<T, R> one : taken) {
                    one.result().completeExceptionally(failure);
                }
            }
        }
    }

    private List<R> attempt(List<Pending<T, R>> taken) throws Exception {
        List<T> batchItems = new ArrayList<>(taken.size());
        for (Pending<T, R> pending : taken) {
            batchItems.add(pending.item());
        }
        List<R> results = batch.write(batchItems);
        if (results.size() != batchItems.size()) {
            throw new IllegalStateException("a batch of " + batchItems.size() + " gave " + results.size() + " results");
        }
        batches.incrementAndGet();
        items.addAndGet(batchItems.size());
        return results;
    }

    private static <T, R> void complete(List<Pending<T, R>> taken, List<R> results) {
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).result().complete(results.get(i));
        }
    }
}
