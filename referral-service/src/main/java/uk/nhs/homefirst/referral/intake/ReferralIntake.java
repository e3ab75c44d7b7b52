package uk.nhs.homefirst.referral.intake;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.postgresql.util.PSQLException;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.platform.audit.AuditTrail;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;
import uk.nhs.homefirst.platform.outbox.Outbox;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.ReferralRows;
import uk.nhs.homefirst.referral.store.ReferralRows.SourceReference;
import uk.nhs.homefirst.referral.store.ReferralStatus;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/**
 * Stores a valid referral and announces it, in one transaction. A referral that names its source
 * system and its id there is taken once: the same referral sent again is the referral stored the
 * first time, and announces nothing.
 *
 * <p>Referrals are written by a {@link GroupCommit}: those that arrive together share one
 * transaction (one insert of all the referrals, one of all their outbox rows, one commit), and each
 * is answered once that transaction has committed, never before. The Idempotency-Key path stores
 * its response in the transaction that makes the referral, and so writes alone
 * ({@link #acceptInTransaction}), with the same statements.
 */
@ApplicationScoped
public class ReferralIntake {

    private static final Logger LOG = Logger.getLogger(ReferralIntake.class);

    /** What became of a referral handed in. */
    public enum Result {
        /** Stored and announced now. */
        CREATED,
        /** The same source system had sent this referral, with the same content, before: nothing new. */
        ALREADY_RECEIVED,
        /** The same source system had sent another referral under this id: refused. */
        CONFLICTING
    }

    /**
     * The referral stored (the earlier one unless {@code CREATED}), what became of the one handed in,
     * and, for an earlier one, its timeline as it stood (a new referral has none yet).
     */
    public record Outcome(Referral referral, Result result, List<TimelineEntry> timeline) {
    }

    /** A valid referral made ready to store: its id, clock start and fingerprint decided, its announcement written. */
    public record Prepared(Referral referral, Outbox.PendingEvent announcement, AuditTrail.Line audit) {
    }

    // Two batches that hold the same source references lock them in the same order.
    private static final Comparator<Prepared> BY_SOURCE_REFERENCE = Comparator
            .comparing((Prepared p) -> p.referral().sourceSystem, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(p -> p.referral().sourceReferralId, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Outbox outbox;
    private final Clock clock;
    private final IntakeConfig config;
    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final AuditTrail audit;
    private volatile Timer commitTime;
    private volatile GroupCommit<Prepared, Outcome> writer;

    ReferralIntake(Outbox outbox, Clock clock, IntakeConfig config, AgroalDataSource dataSource, MeterRegistry meters,
            AuditTrail audit) {
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.dataSource = dataSource;
        this.meters = meters;
    }

    void start(@Observes StartupEvent startup) {
        writer();
    }

    private GroupCommit<Prepared, Outcome> writer() {
        GroupCommit<Prepared, Outcome> commit = writer;
        return commit != null ? commit : startWriter();
    }

    private synchronized GroupCommit<Prepared, Outcome> startWriter() {
        if (writer != null) {
            return writer;
        }
        IntakeConfig.Writer w = config.writer();
        GroupCommit<Prepared, Outcome> commit = new GroupCommit<>("referral-writer", w.threads(), w.maxBatch(),
                w.maxWait(), w.queueCapacity(), ReferralIntake::mayBeOneReferrals, this::write);
        Gauge.builder("homefirst.intake.waiting", commit, GroupCommit::waiting)
                .description("Referrals waiting for the intake's writer").register(meters);
        FunctionCounter.builder("homefirst.intake.batches", commit, c -> c.stats().batches())
                .description("Transactions committed by the intake's writer").register(meters);
        FunctionCounter.builder("homefirst.intake.batched.referrals", commit, c -> c.stats().items())
                .description("Referrals in those transactions").register(meters);
        commitTime = Timer.builder("homefirst.intake.commit")
                .description("From a referral handed to the intake's writer to the commit of its transaction")
                .publishPercentiles(0.5, 0.99).distributionStatisticExpiry(Duration.ofSeconds(20))
                .distributionStatisticBufferLength(2).register(meters);
        writer = commit;
        return commit;
    }

    synchronized void stop(@Observes ShutdownEvent shutdown) {
        if (writer != null) {
            writer.close();
        }
    }

    /**
     * Decides what to store for a valid referral: plain Java, on the caller's thread, where the audit
     * line's who and from where are taken down (it is written with the referral, if it is created).
     */
    public Prepared prepare(ValidReferral valid) {
        Referral referral = newReferral(valid, clock.instant());
        return new Prepared(referral, outbox.prepare(Topics.REFERRALS, referral.id.toString(), ReferralReceived.TYPE,
                referral.recordedAt, ReferralEvents.received(referral)), audit.line(CREATE, referral.id));
    }

    /** The audit trail's action for a referral created (a referral already received writes none). */
    public static final String CREATE = "referral.create";

    /**
     * Stores and announces a prepared referral, or finds the one already received from its source
     * system under its source referral id, telling which. A conflict (that source referral id used
     * for a referral of other content) is a result, not an exception: the caller answers it, with
     * {@link #conflictingSourceReference()} or otherwise. Only a CREATED referral is announced.
     *
     * @return completes once the referral's transaction committed; exceptionally, with a
     *         {@link ProblemException}, when it could not be stored
     */
    public CompletableFuture<Outcome> accept(Prepared prepared) {
        GroupCommit<Prepared, Outcome> commit = writer();
        long handedIn = System.nanoTime();
        long timeout = config.writer().requestTimeout().toNanos();
        return commit.submit(prepared).orTimeout(timeout, TimeUnit.NANOSECONDS).handle((outcome, failure) -> {
            commitTime.record(System.nanoTime() - handedIn, TimeUnit.NANOSECONDS);
            if (failure != null) {
                throw refusal(failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure);
            }
            return outcome;
        });
    }

    /** {@link #accept(Prepared)}, waiting for the answer: for a caller on a worker thread. */
    public Outcome acceptAndWait(ValidReferral valid) {
        try {
            return accept(prepare(valid)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException refused ? refused : e;
        }
    }

    /**
     * Stores and announces a prepared referral (and its audit line) in the caller's JTA transaction,
     * alone: for the Idempotency-Key path, whose response is stored in that same transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome acceptInTransaction(Prepared prepared) {
        Referral referral = prepared.referral();
        return Panache.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            if (ReferralRows.insertAll(connection, List.of(referral)).contains(referral.id)) {
                outbox.append(prepared.announcement());
                audit.appendAll(connection, List.of(prepared.audit()));
                return new Outcome(referral, Result.CREATED, List.of());
            }
            return earlier(connection, List.of(prepared)).get(0);
        });
    }

    public static ProblemException conflictingSourceReference() {
        return new ProblemException(409, "Source referral id in use",
                "This sourceSystem has already sent a different referral under this sourceReferralId. "
                        + "To change a referral, cancel it and refer again under a new sourceReferralId.");
    }

    /** One transaction for the whole batch. */
    private List<Outcome> write(List<Prepared> batch) throws SQLException {
        List<Prepared> ordered = new ArrayList<>(batch);
        ordered.sort(BY_SOURCE_REFERENCE);
        List<Referral> referrals = new ArrayList<>(ordered.size());
        for (Prepared p : ordered) {
            referrals.add(p.referral());
        }
        Set<UUID> inserted;
        Outbox.Appended announced;
        Map<Prepared, Outcome> earlierOf = new IdentityHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                inserted = ReferralRows.insertAll(connection, referrals);
                List<Outbox.PendingEvent> announcements = new ArrayList<>(inserted.size());
                List<AuditTrail.Line> created = new ArrayList<>(inserted.size());
                List<Prepared> taken = new ArrayList<>();
                for (Prepared p : ordered) {
                    if (inserted.contains(p.referral().id)) {
                        announcements.add(p.announcement());
                        created.add(p.audit());
                    } else {
                        taken.add(p);
                    }
                }
                announced = outbox.appendAll(connection, announcements);
                // Each referral created and its audit line: one transaction, the batch's.
                audit.appendAll(connection, created);
                List<Outcome> earlier = earlier(connection, taken);
                for (int i = 0; i < taken.size(); i++) {
                    earlierOf.put(taken.get(i), earlier.get(i));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                // The state and constraint only: a server message may quote the values sent.
                LOG.warnf("The intake could not write a batch of %d referrals (SQLState %s)", batch.size(), sqlState(e));
                throw e;
            } finally {
                restoreAutoCommit(connection);
            }
        }
        outbox.committed(announced);
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Prepared p : batch) {
            outcomes.add(inserted.contains(p.referral().id) ? new Outcome(p.referral(), Result.CREATED, List.of())
                    : earlierOf.get(p));
        }
        return outcomes;
    }

    /** What the referrals whose source reference was taken find under it: the same referral, or another. */
    private static List<Outcome> earlier(Connection connection, List<Prepared> taken) throws SQLException {
        if (taken.isEmpty()) {
            return List.of();
        }
        Set<SourceReference> references = new HashSet<>();
        for (Prepared p : taken) {
            references.add(reference(p.referral()));
        }
        Map<SourceReference, Referral> found = ReferralRows.bySourceReference(connection, references);
        Set<UUID> ids = new HashSet<>();
        found.values().forEach(r -> ids.add(r.id));
        Map<UUID, List<TimelineEntry>> timelines = ReferralRows.timelines(connection, ids);
        List<Outcome> outcomes = new ArrayList<>(taken.size());
        for (Prepared p : taken) {
            Referral earlier = found.get(reference(p.referral()));
            if (earlier == null) {
                throw new IllegalStateException("a source reference in use but no referral under it");
            }
            String fingerprint = p.referral().contentFingerprint;
            boolean same = earlier.contentFingerprint == null || earlier.contentFingerprint.equals(fingerprint);
            outcomes.add(new Outcome(earlier, same ? Result.ALREADY_RECEIVED : Result.CONFLICTING,
                    timelines.getOrDefault(earlier.id, List.of())));
        }
        return outcomes;
    }

    private static SourceReference reference(Referral r) {
        return new SourceReference(r.sourceSystem, r.sourceReferralId);
    }

    private Referral newReferral(ValidReferral valid, Instant now) {
        ClockStart start = ClockStart.decide(valid.statedReceivedAt(), now, config.maxBackdating());
        Referral referral = new Referral();
        referral.id = TimeOrderedUuid.at(now.toEpochMilli());
        referral.receivedAt = start.receivedAt();
        referral.recordedAt = start.recordedAt();
        referral.statedReceivedAt = start.statedReceivedAt();
        referral.source = valid.source();
        referral.sourceSystem = valid.sourceSystem();
        referral.sourceReferralId = valid.sourceReferralId();
        referral.requestedUrgency = valid.requestedUrgency();
        referral.clinicalNeeds = valid.clinicalNeeds().stream().map(ClinicalNeed::name).toArray(String[]::new);
        referral.reasonText = valid.reasonText();
        referral.snomedCode = valid.snomedCode();
        referral.nhsNumber = valid.nhsNumber();
        referral.givenName = valid.givenName();
        referral.familyName = valid.familyName();
        referral.dateOfBirth = valid.dateOfBirth();
        referral.postcode = valid.postcode().toString();
        referral.postcodeDistrict = valid.postcode().district();
        referral.gpPracticeOdsCode = valid.gpPracticeOdsCode();
        referral.phone = valid.phone();
        referral.referrerOdsCode = valid.referrerOdsCode();
        referral.referrerRole = valid.referrerRole();
        referral.referrerName = valid.referrerName();
        referral.status = ReferralStatus.RECEIVED;
        referral.contentFingerprint = ContentFingerprint.of(valid);
        if (valid.discharge() != null) {
            referral.awaitsDischarge = true;
            referral.expectedDischargeDate = valid.discharge().expectedDate();
            referral.dischargePathway = valid.discharge().pathway();
        }
        return referral;
    }

    /**
     * Whether a batch that failed so may have failed for one referral's sake, and is worth writing
     * again referral by referral: a value or a constraint (SQLState classes 22, 23, 54), or a
     * deadlock or serialization failure (40). Anything else (the connection, the server) would fail
     * each of them the same way.
     */
    static boolean mayBeOneReferrals(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (refusesTheContent(state) || state.startsWith("40"));
    }

    /** A value the database refused, a constraint broken, or a limit exceeded (SQLState classes 22, 23, 54). */
    private static boolean refusesTheContent(String state) {
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The answer to a referral that could not be stored. Busy or without its database, the service
     * asks for a retry (503), which the source reference or the Idempotency-Key makes safe; a
     * referral refused by the database on its own is this service's fault (500), and is logged by
     * its SQLState and constraint, never with the values.
     */
    static RuntimeException refusal(Throwable failure) {
        if (failure instanceof GroupCommit.Overloaded) {
            return new ProblemException(503, "Service busy", "Too many referrals are waiting to be stored. "
                    + "Retry in a moment; a retry with the same sourceReferralId is never stored twice.");
        }
        if (failure instanceof java.util.concurrent.TimeoutException) {
            return new ProblemException(503, "Service unavailable", "The referral could not be stored in time. "
                    + "Retry in a moment; a retry with the same sourceReferralId is never stored twice.");
        }
        if (failure instanceof GroupCommit.Stopped) {
            return new ProblemException(503, "Service unavailable", "The service is stopping. Retry in a moment; "
                    + "a retry with the same sourceReferralId is never stored twice.");
        }
        String state = sqlState(failure);
        if (state != null && refusesTheContent(state)) {
            String constraint = failure instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getConstraint() : null;
            return new IllegalStateException("The database refused a referral (SQLState " + state
                    + (constraint == null ? "" : ", constraint " + constraint) + ")");
        }
        if (state != null) {
            return new ProblemException(503, "Service unavailable", "The referral could not be stored just now. "
                    + "Retry in a moment; a retry with the same sourceReferralId is never stored twice.");
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // A connection the database dropped: the pool discards it; the batch's own failure is what counts.
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is gone; so is its transaction.
        }
    }
}
