package uk.nhs.homefirst.monitor.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.monitor.clock.Evaluation;

/**
 * Publishes the owner's evaluations to the clock changelog, behind its own board: the owner puts
 * them on its board first, so its figures never wait for the changelog, and the changelog is for
 * the other instances. Evaluations wait here in the batches they came in, and go out in that order,
 * one sender at a time, so the changelog's last word on a referral is the latest. While this
 * instance is still replaying partitions it publishes nothing (a replay evaluates hundreds of
 * thousands of referrals at once, and the replay is what its own figures wait for);
 * {@link #flush()} publishes everything at once, as a partition is given away.
 */
final class ClockPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClockPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ClockChangelog changelog;
    private final String topic;
    private final BooleanSupplier holdBack;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private ArrayDeque<Map<String, Evaluation>> waiting = new ArrayDeque<>();
    private final ReentrantLock sending = new ReentrantLock();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    ClockPublisher(KafkaProducer<String, byte[]> producer, ClockChangelog changelog, String topic, BooleanSupplier holdBack) {
        this.producer = producer;
        this.changelog = changelog;
        this.topic = topic;
        this.holdBack = holdBack;
        this.thread = new Thread(this::run, "monitor-publish");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the evaluations for the changelog; the caller hands the map over and changes it no more. */
    void publish(Map<String, Evaluation> evaluations) {
        if (evaluations.isEmpty()) {
            return;
        }
        synchronized (lock) {
            waiting.add(evaluations);
            lock.notifyAll();
        }
    }

    /** Sends everything waiting, whatever else is going on, and waits until the broker has it all. */
    void flush() {
        sendWaiting();
        producer.flush();
    }

    /** Drops what waits for these referrals: this instance lost them, and their new owner publishes them. */
    void discard(Predicate<String> referralIds) {
        sending.lock();
        try {
            synchronized (lock) {
                waiting.forEach(batch -> batch.keySet().removeIf(referralIds));
            }
        } finally {
            sending.unlock();
        }
    }

    long published() {
        return published.get();
    }

    private void run() {
        try {
            while (running) {
                boolean send;
                synchronized (lock) {
                    send = !waiting.isEmpty();
                    if (!send) {
                        lock.wait(200);
                    }
                }
                if (send && !holdBack.getAsBoolean()) {
                    sendWaiting();
                } else if (send) {
                    synchronized (lock) {
                        lock.wait(100);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "The monitor stopped publishing to its clock changelog");
            }
        }
    }

    private void sendWaiting() {
        sending.lock();
        try {
            ArrayDeque<Map<String, Evaluation>> batches;
            synchronized (lock) {
                if (waiting.isEmpty()) {
                    return;
                }
                batches = waiting;
                waiting = new ArrayDeque<>();
            }
            for (Map<String, Evaluation> batch : batches) {
                batch.forEach((referralId, evaluation) -> producer.send(
                        new ProducerRecord<>(topic, referralId, changelog.encode(evaluation)), (metadata, error) -> {
                            if (error != null && failures.getAndIncrement() == 0) {
                                // The next evaluation of the referral, or its next owner's replay, publishes it again.
                                LOG.warnf("Could not publish to the clock changelog: %s", error.toString());
                            }
                        }));
                published.addAndGet(batch.size());
            }
        } finally {
            sending.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
