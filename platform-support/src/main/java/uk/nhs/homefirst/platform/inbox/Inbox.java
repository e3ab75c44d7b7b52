package uk.nhs.homefirst.platform.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.read.EventReader;
import uk.nhs.homefirst.events.read.Reading;
import uk.nhs.homefirst.platform.outbox.Outbox;

/**
 * How every consumer of the platform applies what it polled: a batch of records, read with the
 * contract's {@link EventReader}.
 * <ul>
 * <li>A poison record goes to its dead-letter topic (the contract's {@link uk.nhs.homefirst.events.read.DeadLetter});
 * so does an event the consumer's handler refuses with {@link PoisonRecordException}, and the rest
 * of its batch is applied without it.</li>
 * <li>The events of the batch are applied in one transaction, each once: their ids are recorded in
 * that transaction ({@link ProcessedEvents}), so a redelivered event changes nothing. They are
 * applied by key, and the events of a key (one referral) in the order they were published.</li>
 * <li>Any other failure (the database stalled, a lock or statement timeout, the broker not taking a
 * dead letter) is a fault of a dependency: the same records are tried again, with pauses doubling up
 * to a maximum, for as long as it lasts, and {@link ConsumerProgress} reports the consumer stalled
 * meanwhile. The call returns only once the batch is applied, so the partitions keep their place
 * and their order; a good record is never dead-lettered however long a fault lasts.</li>
 * </ul>
 * Only stopping the application ends a wait early: the call then throws, and the records, not
 * acknowledged, are delivered again after the restart.
 *
 * <p>Stopping drains: from the {@link ShutdownEvent} on, a new batch is refused (delivered again after
 * the restart), and the event waits, up to {@link InboxConfig#shutdownDrain()}, for the batches under
 * way to end, so that their transactions commit or roll back before Hibernate ORM and the datasource
 * close. One still running then fails at its commit and rolls back ({@code FlushBeforeCommit}).
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);

    /** Applies one event, inside the batch's transaction. Throws {@link PoisonRecordException} to refuse it. */
    @FunctionalInterface
    public interface Handler {
        void apply(Reading.Event event);

        /**
         * Called in the batch's transaction before its first {@link #apply}, with the events about to be
         * applied (first deliveries, in the order they will be applied): so that the handler reads what
         * they need in a few queries, not a few per event. Called again on each attempt, with fewer
         * events after one was refused; a failure here is a fault, never a refusal.
         */
        default void prepare(List<Reading.Event> events) {
        }
    }

    /** Runs work in a new transaction, committed if it returns and rolled back if it throws. */
    interface Transactions {
        void run(Runnable work);
    }

    /** Pauses between attempts; returns false instead when the application is stopping. */
    interface Pauses {
        boolean pause(Duration duration);
    }

    private final EventReader reader = EventReader.contract();
    private final Transactions transactions;
    private final ProcessedEvents processedEvents;
    private final Consumer<DeadLetterBatch> deadLetters;
    private final ConsumerProgress progress;
    private final Duration initialPause;
    private final Duration maxPause;
    private final Pauses pauses;
    private final Duration drain;
    private final Object stopSignal = new Object();
    private volatile boolean stopping;
    /** Calls of {@link #apply} under way; guarded by {@link #stopSignal}. */
    private int applying;

    /** The dead letters of one consumer, to be sent together. */
    record DeadLetterBatch(String consumer, List<Reading.Poison> poisons) {
    }

    @Inject
    Inbox(ProcessedEvents processedEvents, DeadLetters deadLetters, ConsumerProgress progress, InboxConfig config,
            Outbox outbox) {
        // The events a batch announces are written together at its end (Outbox.deferAppends).
        this(work -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.deferAppends();
            work.run();
            outbox.appendDeferred();
        }), processedEvents,
                batch -> deadLetters.send(batch.consumer(), batch.poisons()), progress, config.initialPause(),
                config.maxPause(), null, config.shutdownDrain());
    }

    Inbox(Transactions transactions, ProcessedEvents processedEvents, Consumer<DeadLetterBatch> deadLetters,
            ConsumerProgress progress, Duration initialPause, Duration maxPause, Pauses pauses, Duration drain) {
        this.transactions = transactions;
        this.processedEvents = processedEvents;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.initialPause = initialPause;
        this.maxPause = maxPause;
        this.pauses = pauses != null ? pauses : this::pauseUnlessStopping;
        this.drain = drain;
    }

    /**
     * Applies a batch of records for {@code consumer}: each event of one of {@code types} is handed
     * to {@code handler} once, in the batch's order; events of other types of the topic are passed
     * over. Returns once every record is applied or dead-lettered.
     *
     * @param consumer the consumer's name, under which it records the events it applied, such as {@code triage-service}
     */
    public void apply(String consumer, Iterable<? extends ConsumerRecord<String, ?>> records, Set<EventType> types,
            Handler handler) {
        synchronized (stopSignal) {
            if (stopping) {
                // Not started, so not acknowledged: the records are delivered again after the restart.
                throw new IllegalStateException(consumer + " is stopping; its records will be delivered again");
            }
            applying++;
        }
        try {
            applyUnlessStopped(consumer, records, types, handler);
        } finally {
            synchronized (stopSignal) {
                applying--;
                stopSignal.notifyAll();
            }
        }
    }

    private void applyUnlessStopped(String consumer, Iterable<? extends ConsumerRecord<String, ?>> records,
            Set<EventType> types, Handler handler) {
        Batch batch = new Batch(consumer, read(records), types, handler);
        Duration pause = initialPause;
        int attempt = 0;
        while (!batch.done()) {
            try {
                batch.attempt();
            } catch (RuntimeException e) {
                attempt++;
                String failure = describe(e);
                progress.failed(consumer, attempt, failure);
                if (attempt <= 5 || attempt % 12 == 0) {
                    // The kind of failure only: a message may quote a row, and rows here may hold patient
                    // data. The first few attempts, then about once a minute.
                    LOG.warnf("%s could not apply %d records (attempt %d: %s); trying again in %s", consumer,
                            batch.size(), attempt, failure, pause);
                }
                if (!pauses.pause(pause)) {
                    throw new IllegalStateException(consumer + " is stopping with records not applied; they will "
                            + "be delivered again", e);
                }
                pause = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
            }
        }
        if (attempt > 0) {
            LOG.infof("%s applied its records after %d failed attempts", consumer, attempt);
        }
        progress.progressed(consumer);
    }

    private List<Reading> read(Iterable<? extends ConsumerRecord<String, ?>> records) {
        List<Reading> readings = new ArrayList<>();
        for (ConsumerRecord<String, ?> record : records) {
            readings.add(reader.read(record));
        }
        return readings;
    }

    /** One batch on its way: what is poison, what was dead-lettered already, and whether its events committed. */
    private final class Batch {
        private final String consumer;
        private final List<Reading> readings;
        private final Set<EventType> types;
        private final Handler handler;
        private final boolean[] deadLettered;
        private boolean committed;

        Batch(String consumer, List<Reading> readings, Set<EventType> types, Handler handler) {
            this.consumer = consumer;
            this.readings = readings;
            this.types = types;
            this.handler = handler;
            this.deadLettered = new boolean[readings.size()];
        }

        int size() {
            return readings.size();
        }

        boolean done() {
            return committed;
        }

        /** Dead-letters what is poison and not yet sent, then applies the events in one transaction. */
        void attempt() {
            List<Reading.Poison> poisons = new ArrayList<>();
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < readings.size(); i++) {
                if (readings.get(i) instanceof Reading.Poison poison && !deadLettered[i]) {
                    poisons.add(poison);
                    positions.add(i);
                }
            }
            if (!poisons.isEmpty()) {
                deadLetters.accept(new DeadLetterBatch(consumer, poisons));
                positions.forEach(i -> deadLettered[i] = true);
            }
            List<Integer> events = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            for (int i = 0; i < readings.size(); i++) {
                if (readings.get(i) instanceof Reading.Event event && types.contains(event.type())) {
                    events.add(i);
                    ids.add(event.id());
                }
            }
            // By key, each key's events in their order (the sort is stable): so two batches applied side
            // by side take the rows of their referrals in the same order, and cannot deadlock.
            events.sort(Comparator.comparing(i -> ((Reading.Event) readings.get(i)).key()));
            if (events.isEmpty()) {
                committed = true;
                return;
            }
            int[] applying = {-1};
            try {
                transactions.run(() -> {
                    Set<String> first = processedEvents.firstDeliveries(consumer, ids);
                    List<Integer> applied = new ArrayList<>(first.size());
                    List<Reading.Event> toApply = new ArrayList<>(first.size());
                    for (int i : events) {
                        Reading.Event event = (Reading.Event) readings.get(i);
                        // Removed once taken: the same id twice in one batch is applied once.
                        if (first.remove(event.id())) {
                            applied.add(i);
                            toApply.add(event);
                        }
                    }
                    handler.prepare(toApply);
                    for (int n = 0; n < toApply.size(); n++) {
                        applying[0] = applied.get(n);
                        handler.apply(toApply.get(n));
                    }
                    applying[0] = -1;
                });
                committed = true;
            } catch (RuntimeException e) {
                PoisonRecordException refused = poison(e);
                if (refused == null || applying[0] < 0) {
                    throw e;
                }
                // The transaction rolled back: this event is dead-lettered, and the rest tried again without it.
                int i = applying[0];
                readings.set(i, ((Reading.Event) readings.get(i)).poison(refused.getMessage()));
            }
        }
    }

    private static PoisonRecordException poison(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonRecordException refused) {
                return refused;
            }
        }
        return null;
    }

    /** The kinds of a failure and its causes, with the SQL state where there is one: never a message. */
    static String describe(Throwable e) {
        StringBuilder kinds = new StringBuilder();
        for (Throwable cause = e; cause != null && kinds.length() < 300; cause = cause.getCause()) {
            kinds.append(kinds.length() == 0 ? "" : " < ").append(cause.getClass().getSimpleName());
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                kinds.append(" [").append(sql.getSQLState()).append(']');
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return kinds.toString();
    }

    private boolean pauseUnlessStopping(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        synchronized (stopSignal) {
            while (!stopping) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(stopSignal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Refuses new batches and waits, up to the drain time, for those under way: the ShutdownEvent is
     * observed before Hibernate ORM and the datasources close (they close in shutdown tasks that run
     * after it), so a batch that ends meanwhile commits or rolls back whole.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        long until = System.nanoTime() + drain.toNanos();
        synchronized (stopSignal) {
            stopping = true;
            stopSignal.notifyAll();
            while (applying > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("%d batches still being applied after %s; stopping anyway, they roll back and are "
                            + "delivered again", applying, drain);
                    return;
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(stopSignal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
