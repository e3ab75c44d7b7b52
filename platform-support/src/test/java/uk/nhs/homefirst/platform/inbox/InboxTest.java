package uk.nhs.homefirst.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.EventType;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.Reading;

/** The consumer's loop without a broker or database: what is applied, what is dead-lettered, how faults are waited out. */
class InboxTest {

    private static final Set<EventType> CANCELLATIONS = Set.of(EventType.REFERRAL_CANCELLED);

    private final List<Duration> pauses = new ArrayList<>();
    private final List<Reading.Poison> deadLettered = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private final Set<String> committedIds = new HashSet<>();
    private final AtomicInteger transactions = new AtomicInteger();
    private final ConsumerProgress progress = new ConsumerProgress(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    private int failuresToCome;
    private int deadLetterFailuresToCome;
    private boolean stopping;
    private long offset;

    /** The idempotent log, in memory: an id commits only with its transaction. */
    private final class MemoryLog extends ProcessedEvents {
        Set<String> pending = new HashSet<>();

        MemoryLog() {
            super(null);
        }

        @Override
        public Set<String> firstDeliveries(String consumer, Collection<String> eventIds) {
            Set<String> first = new LinkedHashSet<>();
            for (String id : eventIds) {
                if (!committedIds.contains(id) && pending.add(id)) {
                    first.add(id);
                }
            }
            return first;
        }
    }

    private final MemoryLog log = new MemoryLog();

    private Inbox inbox() {
        return new Inbox(work -> {
            transactions.incrementAndGet();
            log.pending.clear();
            List<String> appliedBefore = new ArrayList<>(applied);
            try {
                if (failuresToCome > 0) {
                    failuresToCome--;
                    throw new IllegalStateException("the database is not answering");
                }
                work.run();
                committedIds.addAll(log.pending);
            } catch (RuntimeException e) {
                applied.clear();
                applied.addAll(appliedBefore);
                throw e;
            }
        }, log, batch -> {
            if (deadLetterFailuresToCome > 0) {
                deadLetterFailuresToCome--;
                throw new IllegalStateException("the broker did not answer");
            }
            deadLettered.addAll(batch.poisons());
        }, progress, Duration.ofMillis(200), Duration.ofSeconds(5), pause -> {
            pauses.add(pause);
            return !stopping;
        }, Duration.ofSeconds(10));
    }

    private ConsumerRecord<String, String> cancellation(String referralId, String eventId) {
        String data = """
                {"referralId":"%s","cancelledAt":"2026-11-23T09:15:00Z","reason":"PATIENT_ADMITTED"}
                """.formatted(referralId);
        return record(referralId, eventId, ReferralCancelled.TYPE, data);
    }

    private ConsumerRecord<String, String> record(String key, String eventId, String type, String data) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.REFERRALS, 0, offset++, key, data);
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, eventId);
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/tests");
        header(record, CloudEventHeaders.TIME, "2026-11-23T09:15:00Z");
        header(record, CloudEventHeaders.SUBJECT, key);
        return record;
    }

    private static void header(ConsumerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private void applyReferralId(Reading.Event event) {
        ReferralCancelled cancelled = event.data(ReferralCancelled.class);
        assertThat(cancelled.reason()).isEqualTo(CancellationReason.PATIENT_ADMITTED);
        applied.add(cancelled.referralId());
    }

    @Test
    void aBatchIsAppliedInOneTransactionByKeyInTheKeysOrderEachEventOnce() {
        String a = "aaaaaaaa-0000-4000-8000-000000000000";
        String b = "bbbbbbbb-0000-4000-8000-000000000000";
        String repeated = id();
        String later = id();
        var records = List.of(cancellation(b, id()), cancellation(a, repeated), cancellation(a, later),
                cancellation(a, repeated));
        List<String> events = new ArrayList<>();

        inbox().apply("triage-service", records, CANCELLATIONS, event -> {
            events.add(event.id());
            applyReferralId(event);
        });
        inbox().apply("triage-service", List.of(cancellation(a, repeated)), CANCELLATIONS, this::applyReferralId);

        assertThat(applied).containsExactly(a, a, b);
        assertThat(events.subList(0, 2)).containsExactly(repeated, later);
        assertThat(transactions).hasValue(2);
        assertThat(deadLettered).isEmpty();
        assertThat(pauses).isEmpty();
    }

    @Test
    void eventsOfOtherTypesArePassedOverAndNotRecorded() {
        String received = id();
        var records = List.of(record(received, id(), "uk.nhs.homefirst.ReferralReceived.v1", "{}"));

        inbox().apply("hub-allocation-service", records, CANCELLATIONS, this::applyReferralId);

        // Not read past its headers' type check either way: an unreadable ReferralReceived is poison.
        assertThat(deadLettered).singleElement().satisfies(poison -> assertThat(poison.reason())
                .startsWith("ReferralReceived does not conform to its schema"));
        assertThat(applied).isEmpty();
        assertThat(transactions).hasValue(0);
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheRestOfItsBatchApplied() {
        String a = id();
        String b = id();
        var records = List.of(cancellation(a, id()), record(b, "not-a-uuid", ReferralCancelled.TYPE, "{}"),
                cancellation(b, id()));

        inbox().apply("triage-service", records, CANCELLATIONS, this::applyReferralId);

        assertThat(applied).containsExactlyInAnyOrder(a, b);
        assertThat(deadLettered).singleElement().satisfies(poison -> {
            assertThat(poison.reason()).isEqualTo("header ce_id is not a UUID in lower case");
            assertThat(poison.origin().offset()).isEqualTo(1);
        });
        assertThat(transactions).hasValue(1);
    }

    @Test
    void anEventTheHandlerRefusesIsDeadLetteredAndTheRestOfItsBatchAppliedWithoutIt() {
        String a = id();
        String refused = id();
        String c = id();
        String refusedEvent = id();
        var records = List.of(cancellation(a, id()), cancellation(refused, refusedEvent), cancellation(c, id()));

        inbox().apply("triage-service", records, CANCELLATIONS, event -> {
            if (event.key().equals(refused)) {
                throw new PoisonRecordException("ReferralCancelled field 'reason' is not a reason triage knows");
            }
            applyReferralId(event);
        });

        assertThat(applied).containsExactlyInAnyOrder(a, c);
        assertThat(deadLettered).singleElement().satisfies(poison -> {
            assertThat(poison.eventId()).isEqualTo(refusedEvent);
            assertThat(poison.type()).isEqualTo(EventType.REFERRAL_CANCELLED);
            assertThat(poison.reason()).contains("is not a reason triage knows");
        });
        assertThat(committedIds).doesNotContain(refusedEvent).hasSize(2);
        assertThat(transactions).hasValue(2);
    }

    @Test
    void eachAttemptIsPreparedWithTheEventsItIsAboutToApplyInTheirOrderAndNoRepeats() {
        String a = "aaaaaaaa-0000-4000-8000-000000000000";
        String b = "bbbbbbbb-0000-4000-8000-000000000000";
        String refused = "cccccccc-0000-4000-8000-000000000000";
        String seenBefore = id();
        String repeated = id();
        inbox().apply("triage-service", List.of(cancellation(a, seenBefore)), CANCELLATIONS, this::applyReferralId);
        applied.clear();
        var records = List.of(cancellation(refused, id()), cancellation(b, id()), cancellation(a, seenBefore),
                cancellation(a, repeated), cancellation(a, repeated));
        List<List<String>> prepared = new ArrayList<>();

        inbox().apply("triage-service", records, CANCELLATIONS, new Inbox.Handler() {
            @Override
            public void prepare(List<Reading.Event> events) {
                prepared.add(events.stream().map(Reading.Event::key).toList());
            }

            @Override
            public void apply(Reading.Event event) {
                if (event.key().equals(refused)) {
                    throw new PoisonRecordException("refused");
                }
                applyReferralId(event);
            }
        });

        // Once per attempt, before anything is applied: the batch's first deliveries, by key; the second
        // attempt without the refused event.
        assertThat(prepared).containsExactly(List.of(a, b, refused), List.of(a, b));
        assertThat(applied).containsExactly(a, b);
        assertThat(deadLettered).hasSize(1);
    }

    @Test
    void aFaultOfTheDatabaseIsWaitedOutForAsLongAsItLastsWithBoundedPausesAndTheConsumerReportedStalled() {
        String a = id();
        failuresToCome = 40;
        List<Boolean> stalledDuringTheFault = new ArrayList<>();
        Inbox inbox = new Inbox(work -> {
            transactions.incrementAndGet();
            stalledDuringTheFault.add(progress.stalled().containsKey("triage-service"));
            if (failuresToCome-- > 0) {
                throw new IllegalStateException(new java.sql.SQLTransientConnectionException("timeout", "08001"));
            }
            work.run();
            committedIds.addAll(log.pending);
        }, log, batch -> deadLettered.addAll(batch.poisons()), progress, Duration.ofMillis(200),
                Duration.ofSeconds(5), pause -> {
                    pauses.add(pause);
                    return true;
                }, Duration.ofSeconds(10));

        inbox.apply("triage-service", List.of(cancellation(a, id())), CANCELLATIONS, this::applyReferralId);

        assertThat(applied).containsExactly(a);
        assertThat(deadLettered).isEmpty();
        assertThat(transactions).hasValue(41);
        assertThat(pauses).startsWith(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(pauses).hasSize(40).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(Duration.ofSeconds(5)));
        assertThat(stalledDuringTheFault.subList(1, 41)).containsOnly(true);
        assertThat(progress.stalled()).isEmpty();
        assertThat(progress.check().getStatus().name()).isEqualTo("UP");
    }

    @Test
    void whileStalledTheHealthCheckIsDownAndNamesTheKindOfFailureOnly() {
        progress.failed("triage-service", 3, Inbox.describe(new IllegalStateException("row (9434765919) failed",
                new java.sql.SQLException("value 9434765919", "57014"))));

        var check = progress.check();

        assertThat(check.getStatus().name()).isEqualTo("DOWN");
        assertThat(check.getData().orElseThrow().get("triage-service").toString())
                .contains("3 attempts", "IllegalStateException < SQLException [57014]")
                .doesNotContain("9434765919");
    }

    @Test
    void aDeadLetterTheBrokerDidNotTakeIsSentAgainAndOnlyOnceTaken() {
        String a = id();
        deadLetterFailuresToCome = 2;
        var records = List.of(record(a, id(), ReferralCancelled.TYPE, "not json"), cancellation(a, id()));

        inbox().apply("triage-service", records, CANCELLATIONS, this::applyReferralId);

        assertThat(deadLettered).hasSize(1);
        assertThat(applied).containsExactly(a);
        assertThat(pauses).hasSize(2);
    }

    @Test
    void stoppingEndsTheWaitWithTheRecordsNotApplied() {
        failuresToCome = 1_000;
        stopping = true;

        assertThatThrownBy(() -> inbox().apply("triage-service", List.of(cancellation(id(), id())), CANCELLATIONS,
                this::applyReferralId)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopping");
        assertThat(applied).isEmpty();
        assertThat(committedIds).isEmpty();
    }

    /** An Inbox whose transaction, once entered, holds until {@code release} is counted down. */
    private Inbox holdingInbox(CountDownLatch entered, CountDownLatch release, Duration drain) {
        return new Inbox(work -> {
            transactions.incrementAndGet();
            log.pending.clear();
            work.run();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            committedIds.addAll(log.pending);
        }, log, batch -> deadLettered.addAll(batch.poisons()), progress, Duration.ofMillis(200),
                Duration.ofSeconds(5), null, drain);
    }

    @Test
    void stoppingWaitsForTheBatchUnderWayToCommitAndRefusesTheNextOne() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Inbox inbox = holdingInbox(entered, release, Duration.ofSeconds(10));
        String a = id();
        String first = id();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> batch = threads.submit(() -> inbox.apply("triage-service", List.of(cancellation(a, first)),
                    CANCELLATIONS, this::applyReferralId));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            Future<?> stop = threads.submit(() -> inbox.stop(null));
            // The ShutdownEvent is held while the batch's transaction is open: ORM and the datasource stay up.
            assertThatThrownBy(() -> stop.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            // A batch polled meanwhile is refused before it touches the database, to be delivered again.
            int transactionsBefore = transactions.get();
            assertThatThrownBy(() -> inbox.apply("triage-service", List.of(cancellation(id(), id())), CANCELLATIONS,
                    this::applyReferralId)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("delivered again");
            assertThat(transactions).hasValue(transactionsBefore);

            release.countDown();
            batch.get(5, TimeUnit.SECONDS);
            stop.get(5, TimeUnit.SECONDS);
            assertThat(committedIds).containsExactly(first);
            assertThat(applied).containsExactly(a);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void stoppingWaitsNoLongerThanTheDrainTime() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Inbox inbox = holdingInbox(entered, release, Duration.ofMillis(300));
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            threads.submit(() -> inbox.apply("triage-service", List.of(cancellation(id(), id())), CANCELLATIONS,
                    this::applyReferralId));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            inbox.stop(null);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(5));
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
