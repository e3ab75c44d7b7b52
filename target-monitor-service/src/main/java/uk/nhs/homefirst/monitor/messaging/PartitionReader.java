package uk.nhs.homefirst.monitor.messaging;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ReferralHistories;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.platform.inbox.PoisonRecordException;

/**
 * One thread reading the events of some of this instance's partitions (those whose number it was
 * given) into the histories of their referrals: a referral's events all come to the same reader, in
 * the order of their partition, and its history is only ever touched by that reader's thread. The
 * thread polling Kafka hands it each partition's records and tells it when a partition starts
 * being replayed, when the replay is complete, and when the partition is gone.
 *
 * <p>While a partition is replayed, nothing is evaluated: once it is complete, every referral of it
 * is evaluated once, the board takes the partition over from whatever it showed before, and the
 * evaluations go to the changelog behind it. After that, each batch's changed referrals are
 * evaluated, put on the board and published.
 */
final class PartitionReader {

    private static final Logger LOG = Logger.getLogger(PartitionReader.class);

    sealed interface Task {
    }

    /** A partition's records, in order. */
    record Read(int partition, List<ConsumerRecord<String, byte[]>> records) implements Task {
    }

    /**
     * The partition is read again from its beginning: whatever was known of it is dropped.
     * {@code expectedReferrals} is a guess, to size its histories.
     */
    record Replay(int partition, int expectedReferrals) implements Task {
    }

    /** The partition has been read up to where it stood when this instance was given it. */
    record Replayed(int partition) implements Task {
    }

    /** The partition went to another instance. */
    record Forget(int partition) implements Task {
    }

    /** Done once everything handed over before it is. */
    record Barrier(CountDownLatch done) implements Task {
    }

    /** What is known of one partition's referrals. */
    private static final class PartitionState {
        final ReferralHistories histories;
        boolean replaying = true;

        PartitionState(ClockRules rules, int expectedReferrals) {
            this.histories = new ReferralHistories(rules, expectedReferrals);
        }
    }

    /** What readers share: how to read and dead-letter a record, and where evaluations go. */
    record Context(EventFacts facts, DeadLetters deadLetters, ClockRules rules, TargetBoard board,
            ClockPublisher publisher, Clock clock, PartitionOf partitionOf, AtomicInteger referralsOwned) {
    }

    /** The partition a referral's events are on. */
    interface PartitionOf {
        int of(String referralId);
    }

    private final Context context;
    // Few batches in hand: records waiting here when the young generation is collected would be
    // copied into the old one with the state that lives on.
    private final BlockingQueue<Task> tasks = new ArrayBlockingQueue<>(4);
    private final Map<Integer, PartitionState> partitions = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    PartitionReader(String name, Context context) {
        this.context = context;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands a task over, waiting while the reader is busy. */
    void submit(Task task) throws InterruptedException {
        while (!tasks.offer(task, 100, TimeUnit.MILLISECONDS)) {
            failIfStopped();
        }
    }

    /** Waits until the reader has done everything handed to it so far. */
    void awaitIdle() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        submit(new Barrier(done));
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            failIfStopped();
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    private void failIfStopped() {
        if (failure != null) {
            throw new IllegalStateException("A partition reader stopped", failure);
        }
        if (!running) {
            throw new IllegalStateException("The partition readers were stopped");
        }
    }

    private void run() {
        try {
            while (running) {
                Task task = tasks.poll(500, TimeUnit.MILLISECONDS);
                if (task != null) {
                    perform(task);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "The monitor stopped reading events");
                failure = e;
            }
        }
    }

    private void perform(Task task) throws InterruptedException {
        if (task instanceof Read read) {
            read(read.partition(), read.records());
        } else if (task instanceof Replay replay) {
            forget(replay.partition());
            partitions.put(replay.partition(), new PartitionState(context.rules(), replay.expectedReferrals()));
        } else if (task instanceof Replayed replayed) {
            takeOver(replayed.partition());
        } else if (task instanceof Forget gone) {
            forget(gone.partition());
        } else {
            ((Barrier) task).done().countDown();
        }
    }

    private void forget(int partition) {
        PartitionState gone = partitions.remove(partition);
        if (gone != null) {
            context.referralsOwned().addAndGet(-gone.histories.size());
        }
    }

    private void read(int partition, List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState(context.rules(), 16));
        int before = state.histories.size();
        Map<String, Evaluation> changed = state.replaying ? null : new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Optional<Fact> fact;
            try {
                fact = context.facts().from(record);
                if (fact.isPresent() && !fact.get().referralId().equals(record.key())) {
                    // Another key would put the referral's events on several partitions, maybe several instances.
                    throw new PoisonRecordException("the record key is not the referral id of its data");
                }
            } catch (PoisonRecordException e) {
                deadLetter(record, e.getMessage());
                continue;
            }
            if (fact.isPresent() && state.histories.add(fact.get()) && changed != null) {
                changed.put(fact.get().referralId(), null);
            }
        }
        context.referralsOwned().addAndGet(state.histories.size() - before);
        if (changed != null && !changed.isEmpty()) {
            changed.replaceAll((referralId, nothing) -> state.histories.evaluate(referralId));
            context.board().update(partition, changed, context.clock().instant());
            context.publisher().publish(changed);
        }
    }

    /** The replay of the partition is complete: its figures go on the board at once, and to the changelog behind. */
    private void takeOver(int partition) {
        PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState(context.rules(), 16));
        Map<String, Evaluation> all = state.histories.evaluateAll();
        context.board().own(partition, referralId -> context.partitionOf().of(referralId) == partition, all,
                context.clock().instant());
        state.replaying = false;
        context.publisher().publish(all);
        LOG.debugf("Partition %d replayed: %d referrals", partition, all.size());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) throws InterruptedException {
        // A dead-letter topic that cannot be written stops the reading: carrying on would lose the record.
        while (running) {
            try {
                context.deadLetters().send(record, reason);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf("Could not send %s-%d@%d to its dead-letter topic (%s); retrying", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
                Thread.sleep(1000);
            }
        }
    }
}
