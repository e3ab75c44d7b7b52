package uk.nhs.homefirst.referral.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit on its own, with a batch that stands for the database: what is batched with
 * what, when each request is answered, and what becomes of the others when one item or the whole
 * database fails.
 */
class GroupCommitTest {

    /** A "transaction": records each batch it is given and answers each item with item * 10. */
    static final class FakeDatabase implements GroupCommit.Batch<Integer, Integer> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile int refused = -1;
        volatile int outages;

        @Override
        public List<Integer> write(List<Integer> items) throws Exception {
            calls.incrementAndGet();
            entered.countDown();
            if (!hold.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the database");
            }
            if (outages > 0) {
                outages--;
                throw new SQLException("connection refused", "08001");
            }
            if (items.contains(refused)) {
                throw new SQLIntegrityConstraintViolationException("a check constraint", "23514");
            }
            batches.add(List.copyOf(items));
            return items.stream().map(i -> i * 10).toList();
        }
    }

    private final FakeDatabase database = new FakeDatabase();
    private GroupCommit<Integer, Integer> commit;

    @AfterEach
    void stop() {
        database.hold.countDown();
        if (commit != null) {
            commit.close();
        }
    }

    private GroupCommit<Integer, Integer> start(int writers, int maxBatch, Duration maxWait, int capacity) {
        commit = new GroupCommit<>("test-writer", writers, maxBatch, maxWait, capacity,
                ReferralIntake::mayBeOneReferrals, database);
        return commit;
    }

    /** Holds the database: the next batch given to it waits until {@link #release()}. */
    private void holdTheDatabase() {
        database.hold = new CountDownLatch(1);
        database.entered = new CountDownLatch(1);
    }

    private void release() {
        database.hold.countDown();
    }

    private void awaitWriterInDatabase() throws InterruptedException {
        assertThat(database.entered.await(30, TimeUnit.SECONDS)).isTrue();
    }

    /** The first item's batch held in the database, and the items from..to waiting behind it. */
    private record Held(CompletableFuture<Integer> first, List<CompletableFuture<Integer>> queued) {
    }

    private Held holdWith(int first, int from, int to) throws InterruptedException {
        holdTheDatabase();
        CompletableFuture<Integer> held = commit.submit(first);
        awaitWriterInDatabase();
        List<CompletableFuture<Integer>> queued = IntStream.rangeClosed(from, to).mapToObj(commit::submit).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> commit.waiting() == queued.size());
        return new Held(held, queued);
    }

    @Test
    void requestsThatArriveWhileABatchIsWrittenShareTheNextTransaction() throws Exception {
        start(1, 64, Duration.ZERO, 100);
        Held held = holdWith(1, 2, 6);
        CompletableFuture<Integer> first = held.first();
        List<CompletableFuture<Integer>> others = held.queued();

        // Nobody is answered before the transaction holding their item has committed.
        assertThat(first).isNotDone();
        assertThat(others).noneMatch(CompletableFuture::isDone);

        release();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(10);
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).get(30, TimeUnit.SECONDS)).isEqualTo((i + 2) * 10);
        }
        assertThat(database.batches).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6));
        assertThat(commit.stats()).isEqualTo(new GroupCommit.Stats(2, 6, 0));
    }

    @Test
    void aRequestThatGaveUpWaitingBeforeAWriterTookItIsNeverWritten() throws Exception {
        start(1, 64, Duration.ZERO, 100);
        Held held = holdWith(1, 2, 4);
        // The request of item 3 stops waiting while the database holds the batch before it.
        held.queued().get(1).orTimeout(1, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> held.queued().get(1).isCompletedExceptionally());

        release();

        assertThat(held.queued().get(0).get(30, TimeUnit.SECONDS)).isEqualTo(20);
        assertThat(held.queued().get(2).get(30, TimeUnit.SECONDS)).isEqualTo(40);
        assertThat(database.batches).containsExactly(List.of(1), List.of(2, 4));
    }

    @Test
    void aRequestOnItsOwnIsWrittenAtOnceAlone() throws Exception {
        start(2, 64, Duration.ZERO, 100);
        assertThat(commit.submit(7).get(30, TimeUnit.SECONDS)).isEqualTo(70);
        assertThat(commit.submit(8).get(30, TimeUnit.SECONDS)).isEqualTo(80);
        assertThat(database.batches).containsExactly(List.of(7), List.of(8));
    }

    @Test
    void noBatchIsLargerThanTheMaximum() throws Exception {
        start(1, 3, Duration.ZERO, 100);
        Held held = holdWith(0, 1, 7);
        CompletableFuture<Integer> first = held.first();
        List<CompletableFuture<Integer>> others = held.queued();
        release();
        first.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> other : others) {
            other.get(30, TimeUnit.SECONDS);
        }
        assertThat(database.batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
    }

    @Test
    void aWriterWaitsForCompanyOnlyWhenToldTo() throws Exception {
        // Three items within the (long) wait: one batch, whatever the timing.
        start(1, 3, Duration.ofSeconds(20), 100);
        List<CompletableFuture<Integer>> results = IntStream.rangeClosed(1, 3).mapToObj(commit::submit).toList();
        for (CompletableFuture<Integer> result : results) {
            result.get(30, TimeUnit.SECONDS);
        }
        assertThat(database.batches).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void anItemTheDatabaseRefusesIsRefusedAloneAndTheOthersOfItsBatchAreWritten() throws Exception {
        start(1, 64, Duration.ZERO, 100);
        database.refused = 4;
        Held held = holdWith(1, 2, 6);
        CompletableFuture<Integer> first = held.first();
        List<CompletableFuture<Integer>> batch = held.queued();
        release();

        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(10);
        assertThat(batch.get(0).get(30, TimeUnit.SECONDS)).isEqualTo(20);
        assertThat(batch.get(1).get(30, TimeUnit.SECONDS)).isEqualTo(30);
        assertThatThrownBy(() -> batch.get(2).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThat(batch.get(3).get(30, TimeUnit.SECONDS)).isEqualTo(50);
        assertThat(batch.get(4).get(30, TimeUnit.SECONDS)).isEqualTo(60);
        // The batch of five failed, then each was written alone; 4 alone was refused again.
        assertThat(database.batches).containsExactly(List.of(1), List.of(2), List.of(3), List.of(5), List.of(6));
        assertThat(commit.stats().isolated()).isEqualTo(1);
    }

    @Test
    void aDatabaseOutageFailsTheRequestsOfItsBatchesOnceAndTheWriterCarriesOn() throws Exception {
        start(1, 64, Duration.ZERO, 100);
        database.outages = 2;
        Held held = holdWith(1, 2, 4);
        CompletableFuture<Integer> first = held.first();
        List<CompletableFuture<Integer>> second = held.queued();
        release();

        for (CompletableFuture<Integer> failed : List.of(first, second.get(0), second.get(1), second.get(2))) {
            assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class).hasMessage("connection refused");
        }
        // Not retried item by item: without its database, each would fail the same way.
        assertThat(database.calls).hasValue(2);

        assertThat(commit.submit(5).get(30, TimeUnit.SECONDS)).isEqualTo(50);
        assertThat(database.batches).containsExactly(List.of(5));
    }

    @Test
    void aFullQueueRefusesAtOnceAndTakesNothing() throws Exception {
        start(1, 64, Duration.ZERO, 2);
        holdTheDatabase();
        CompletableFuture<Integer> first = commit.submit(1);
        awaitWriterInDatabase();
        CompletableFuture<Integer> second = commit.submit(2);
        CompletableFuture<Integer> third = commit.submit(3);
        CompletableFuture<Integer> fourth = commit.submit(4);

        assertThat(fourth).isCompletedExceptionally();
        assertThatThrownBy(fourth::join).cause().isInstanceOf(GroupCommit.Overloaded.class);
        release();
        assertThat(List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS),
                third.get(30, TimeUnit.SECONDS))).containsExactly(10, 20, 30);
        assertThat(database.batches).flatMap(b -> b).containsExactly(1, 2, 3);
    }

    @Test
    void closingWritesWhatWasTakenInAndRefusesWhatComesAfter() throws Exception {
        start(1, 64, Duration.ZERO, 100);
        holdTheDatabase();
        CompletableFuture<Integer> first = commit.submit(1);
        awaitWriterInDatabase();
        CompletableFuture<Integer> waiting = commit.submit(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> commit.waiting() == 1);

        CompletableFuture<Void> closed = CompletableFuture.runAsync(commit::close);
        await().atMost(Duration.ofSeconds(30)).until(() -> commit.submit(3).isCompletedExceptionally());
        assertThatThrownBy(() -> commit.submit(3).join()).cause().isInstanceOf(GroupCommit.Stopped.class);
        release();
        closed.get(30, TimeUnit.SECONDS);

        assertThat(first.get()).isEqualTo(10);
        assertThat(waiting.get()).isEqualTo(20);
    }

    @Test
    void refusesAConfigurationThatCannotWrite() {
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("bad", 0, 1, Duration.ZERO, 1, e -> false, database))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommit<Integer, Integer>("bad", 1, 0, Duration.ZERO, 1, e -> false, database))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
