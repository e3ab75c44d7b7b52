package uk.nhs.homefirst.monitor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseBreached;
import uk.nhs.homefirst.events.ResponseClockChanged;
import uk.nhs.homefirst.events.ResponseClockStatus;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.alert.Warning;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.ReferralHistory;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.clock.ResponseClocks;
import uk.nhs.homefirst.monitor.topology.Outgoing.Destination;
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Announcement;
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Contribution;
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Kind;
import uk.nhs.homefirst.monitor.window.TargetWindow;
import uk.nhs.homefirst.events.read.Reading;

/**
 * The referrals of one partition of the four input topics. For each event it adds the fact to the
 * referral's history, evaluates the clock rules again, and sends only what changed: the clocks that
 * count now to the board, resolved clocks to the alert judges, and clocks newly at risk or breached
 * to target-alerts. Time changes things too (a clock falls at risk, breaches, leaves every window, a
 * referral leaves the state), at instants known in advance: each referral is in a schedule ordered
 * by its next such instant, and a wall-clock punctuator takes the due ones from its head.
 */
final class ReferralProcessor implements Processor<String, byte[], String, Outgoing> {

    static final String RECORDS = "referral-records";
    static final String SCHEDULE = "referral-schedule";
    /** How many due referrals one punctuation takes on; the rest wait for the next. */
    private static final int DUE_PER_TICK = 10_000;

    private final MonitorSettings settings;
    private final IncomingEvents events;
    private final BooleanSupplier caughtUp;
    private final Consumer<String> lateEventCounted;
    private final Duration judged;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, ReferralRecord> records;
    private KeyValueStore<Bytes, byte[]> schedule;

    ReferralProcessor(MonitorSettings settings, BooleanSupplier caughtUp, Consumer<String> lateEventCounted) {
        this.settings = settings;
        this.events = new IncomingEvents();
        this.caughtUp = caughtUp;
        this.lateEventCounted = lateEventCounted;
        this.judged = settings.alertWindow().span();
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.records = context.getStateStore(RECORDS);
        this.schedule = context.getStateStore(SCHEDULE);
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        IncomingEvents.Read read = events.read(new Reading.Origin(metadata.topic(), metadata.partition(),
                metadata.offset()), record.key(), record.headers(), record.value());
        if (read instanceof IncomingEvents.Refused refused) {
            context.forward(Envelopes.diverted(Destination.DEAD_LETTERS, refused.poison(), record.timestamp()));
            return;
        }
        if (read instanceof IncomingEvents.PassedOver) {
            return;
        }
        IncomingEvents.Stated stated = (IncomingEvents.Stated) read;
        Fact fact = stated.fact();
        Instant now = now();
        String referralId = fact.referralId();
        ReferralRecord stored = records.get(referralId);
        String late = stored == null ? lateness(fact, now) : stored.evicted()
                ? "its referral left the monitor's state at " + stored.evictedAt() + ", the lateness horizon ("
                        + settings.latenessHorizon().toDays() + " days) after its last clock resolved"
                : null;
        if (late != null) {
            lateEventCounted.accept(metadata.topic());
            context.forward(Envelopes.diverted(Destination.LATE_EVENTS, stated.event().poison(late), record.timestamp()));
            return;
        }
        ReferralHistory history = stored == null ? new ReferralHistory(referralId)
                : ReferralHistory.of(referralId, stored.history());
        if (history.add(fact) || stored == null) {
            reconcile(referralId, history, stored == null ? ReferralRecord.NEW : stored, now, stated.event());
        }
    }

    /** Why an event of a referral the state does not hold is too late to count, or null when it is not. */
    private String lateness(Fact fact, Instant now) {
        // A decision repeats the referral's receipt: one received before the horizon left the state, if it was ever in it.
        Instant oldest = fact instanceof Fact.Decided d && d.receivedAt().isBefore(d.decidedAt()) ? d.receivedAt()
                : fact.businessTime();
        return oldest.isBefore(now.minus(settings.latenessHorizon()))
                ? "it is dated before the lateness horizon (" + settings.latenessHorizon().toDays() + " days)"
                : null;
    }

    /** Takes on every referral due by now, soonest first. */
    private void tick(long timestamp) {
        if (!caughtUp.getAsBoolean()) {
            // Until the input is read up to where it stood, a clock may look at risk or breached for want of its visit.
            return;
        }
        Instant now = Instant.ofEpochMilli(timestamp);
        List<Bytes> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> head = schedule.range(scheduleKey(Instant.EPOCH, ""),
                scheduleKey(now.plusMillis(1), ""))) {
            while (head.hasNext() && due.size() < DUE_PER_TICK) {
                due.add(head.next().key);
            }
        }
        for (Bytes key : due) {
            schedule.delete(key);
            String referralId = new String(key.get(), Long.BYTES, key.get().length - Long.BYTES, StandardCharsets.UTF_8);
            ReferralRecord stored = records.get(referralId);
            if (stored == null) {
                continue;
            }
            if (stored.evicted()) {
                // Long enough after it left: an event for it now is recognised as late by its dates alone.
                records.delete(referralId);
                continue;
            }
            ReferralRecord unscheduled = new ReferralRecord(stored.history(), stored.onBoard(), stored.contributions(),
                    stored.announcements(), null, null);
            reconcile(referralId, ReferralHistory.of(referralId, stored.history()), unscheduled, now, null);
        }
    }

    /**
     * Brings everything the referral has told the rest of the topology up to date with its history,
     * at {@code now}; {@code cause} is the event that changed it, or null when time did.
     */
    private void reconcile(String referralId, ReferralHistory history, ReferralRecord stored, Instant now,
            Reading.Event cause) {
        Evaluation evaluation = ResponseClocks.evaluate(history, settings.rules());
        List<Announcement> announcements = new ArrayList<>(stored.announcements());
        if (caughtUp.getAsBoolean()) {
            announce(referralId, evaluation, announcements, now);
        }
        unlistOldWarnings(referralId, announcements, now);

        Instant leavesAt = leavesStateAt(history, evaluation, now);
        if (leavesAt != null && !leavesAt.isAfter(now)) {
            // Its contributions stay where they count: the judges let go of clocks by their own periods.
            publishBoard(referralId, stored.onBoard(), null, now);
            reschedule(referralId, stored.scheduledAt(), now.plus(settings.latenessHorizon()));
            records.put(referralId, new ReferralRecord(null, null, List.of(), List.of(),
                    now.plus(settings.latenessHorizon()), now));
            return;
        }
        Evaluation onBoard = onBoard(evaluation, now);
        List<Contribution> contributions = contributions(evaluation, now);
        publishBoard(referralId, stored.onBoard(), onBoard, now);
        announceClockChanges(referralId, stored.onBoard(), onBoard, announcements, now);
        sendContributions(referralId, stored.contributions(), contributions, now, cause);
        Instant next = next(evaluation, announcements, leavesAt, now);
        reschedule(referralId, stored.scheduledAt(), next);
        records.put(referralId, new ReferralRecord(history.snapshot(), onBoard, contributions, announcements, next, null));
    }

    /** The clocks that count in some window now (pending, or resolved within the reach), and whether it awaits triage. */
    private static Evaluation onBoard(Evaluation evaluation, Instant now) {
        Instant reach = now.minus(TargetWindow.REACH);
        List<ResponseClock> clocks = evaluation.clocks().stream().filter(clock -> {
            Instant resolvedAt = clock.resolvedAt(now);
            return resolvedAt == null || resolvedAt.isAfter(reach);
        }).toList();
        return clocks.isEmpty() && evaluation.awaitingTriageSince() == null && evaluation.awaitingDischarge() == null
                ? null
                : new Evaluation(clocks, evaluation.awaitingTriageSince(), evaluation.origin(),
                        evaluation.awaitingDischarge());
    }

    /**
     * The resolved clocks (met, breached, excluded), as the judges count them: the alert judge those
     * within its window, the figures all of them (the referral is in the state within the horizon only).
     */
    private List<Contribution> contributions(Evaluation evaluation, Instant now) {
        List<Contribution> contributions = new ArrayList<>();
        for (ResponseClock clock : evaluation.clocks()) {
            ClockStatus status = clock.status(now);
            if (status != ClockStatus.PENDING) {
                contributions.add(new Contribution(clock.hub(now), clock.standard(), clock.sequence(), status,
                        clock.resolvedAt(now), evaluation.origin()));
            }
        }
        return contributions;
    }

    private void announce(String referralId, Evaluation evaluation, List<Announcement> announcements, Instant now) {
        for (ResponseClock clock : evaluation.clocks()) {
            ClockStatus status = clock.status(now);
            if (status == ClockStatus.PENDING && clock.deadline().isBefore(now.plus(margin(clock)))) {
                String hub = clock.hub(now);
                if (!announced(announcements, Kind.AT_RISK, clock.sequence(), hub)) {
                    context.forward(Envelopes.event(settings.source(), ResponseAtRisk.TYPE, hub, new ResponseAtRisk(
                            referralId, clock.sequence(), hub, clock.standard(), clock.startedAt(), clock.deadline(),
                            Duration.between(now, clock.deadline()), now), now));
                    context.forward(Envelopes.own(Destination.ALERT_LIST, warningKey(referralId, clock.sequence(), hub),
                            new AlertList.Entry(null, new Warning(referralId, clock.sequence(), hub, clock.standard(),
                                    clock.deadline(), now)), now));
                    announcements.add(new Announcement(Kind.AT_RISK, clock.sequence(), hub, clock.standard(),
                            clock.deadline(), now, true));
                }
            } else if (breachNews(clock, now)) {
                String hub = clock.hubAtDeadline();
                if (!announced(announcements, Kind.BREACHED, clock.sequence(), hub)) {
                    context.forward(Envelopes.event(settings.source(), ResponseBreached.TYPE, hub, new ResponseBreached(
                            referralId, clock.sequence(), hub, clock.standard(), clock.startedAt(), clock.deadline(), now),
                            now));
                    announcements.add(new Announcement(Kind.BREACHED, clock.sequence(), hub, clock.standard(),
                            clock.deadline(), now, false));
                }
            }
        }
    }

    /** A breach at the deadline, learned within the alert window's span of it: older breaches are news to no one. */
    private boolean breachNews(ResponseClock clock, Instant now) {
        return clock.settled() == null && !clock.deadline().isAfter(now)
                && clock.deadline().isAfter(now.minus(judged));
    }

    /** Warnings leave the alert list once they are older than the recent period; they stay announced. */
    private void unlistOldWarnings(String referralId, List<Announcement> announcements, Instant now) {
        for (int i = 0; i < announcements.size(); i++) {
            Announcement a = announcements.get(i);
            if (a.listed() && !a.at().plus(settings.recentAlerts()).isAfter(now)) {
                context.forward(Envelopes.own(Destination.ALERT_LIST, warningKey(referralId, a.clockNumber(), a.hubId()),
                        null, now));
                announcements.set(i, new Announcement(a.kind(), a.clockNumber(), a.hubId(), a.standard(), a.deadline(),
                        a.at(), false));
            }
        }
    }

    /**
     * When the referral may leave the state: never while a clock is pending or it awaits triage or discharge;
     * otherwise the lateness horizon after its last clock resolved or its last event, whichever is later.
     */
    private Instant leavesStateAt(ReferralHistory history, Evaluation evaluation, Instant now) {
        if (evaluation.awaitingTriageSince() != null || evaluation.awaitingDischarge() != null) {
            return null;
        }
        Instant last = history.latestBusinessTime();
        for (ResponseClock clock : evaluation.clocks()) {
            Instant resolvedAt = clock.resolvedAt(now);
            if (resolvedAt == null) {
                return null;
            }
            last = last == null || resolvedAt.isAfter(last) ? resolvedAt : last;
        }
        return last == null ? now : last.plus(settings.latenessHorizon());
    }

    /** The next instant at which time alone changes something of the referral; null when none will. */
    private Instant next(Evaluation evaluation, List<Announcement> announcements, Instant leavesAt, Instant now) {
        Instant next = leavesAt;
        for (ResponseClock clock : evaluation.clocks()) {
            Instant resolvedAt = clock.resolvedAt(now);
            if (resolvedAt == null) {
                Instant atRisk = clock.deadline().minus(margin(clock));
                if (!atRisk.isBefore(now)) {
                    next = earliest(next, atRisk.plusNanos(1)); // at risk once strictly less than the margin is left
                } else if (!announced(announcements, Kind.AT_RISK, clock.sequence(), clock.hub(now))) {
                    next = earliest(next, now); // due, and announced as soon as announcing resumes
                }
                next = earliest(next, clock.deadline());
            } else {
                next = earliest(next, resolvedAt.plus(TargetWindow.REACH).isAfter(now)
                        ? resolvedAt.plus(TargetWindow.REACH) : null);
                if (breachNews(clock, now) && !announced(announcements, Kind.BREACHED, clock.sequence(),
                        clock.hubAtDeadline())) {
                    next = earliest(next, now);
                }
            }
        }
        for (Announcement a : announcements) {
            if (a.listed()) {
                next = earliest(next, a.at().plus(settings.recentAlerts()));
            }
        }
        return next;
    }

    private void publishBoard(String referralId, Evaluation before, Evaluation after, Instant now) {
        if (!java.util.Objects.equals(before, after)) {
            context.forward(Envelopes.own(Destination.BOARD, referralId, after, now));
        }
    }

    /**
     * ResponseClockChanged for each clock that started, or whose status or deadline changed, between what
     * was last sent of it and what the board holds now. Both are judged at {@code now}, except that a breach
     * by time alone counts as sent only once it was (a BREACH_SENT announcement): so the deadline passing with
     * no visit is sent once, by the schedule's tick at the deadline, and a re-evaluation or a duplicate event
     * sends nothing.
     */
    private void announceClockChanges(String referralId, Evaluation before, Evaluation after,
            List<Announcement> announcements, Instant now) {
        if (after == null) {
            return;
        }
        for (ResponseClock clock : after.clocks()) {
            ResponseClock old = before == null ? null : before.clocks().stream()
                    .filter(c -> c.sequence() == clock.sequence()).findFirst().orElse(null);
            ClockStatus status = clock.status(now);
            if (old != null && sent(old, announcements, now) == status && old.deadline().equals(clock.deadline())) {
                continue;
            }
            context.forward(Envelopes.cloudEvent(Destination.RESPONSE_CLOCKS, settings.source(),
                    ResponseClockChanged.TYPE, referralId, new ResponseClockChanged(referralId, clock.sequence(),
                            clock.hub(now), clock.standard(), ResponseClockStatus.valueOf(status.name()),
                            clock.startedAt(), clock.deadline(), now), now));
            announcements.removeIf(a -> a.kind() == Kind.BREACH_SENT && a.clockNumber() == clock.sequence());
            if (clock.settled() == null && status == ClockStatus.BREACHED) {
                announcements.add(new Announcement(Kind.BREACH_SENT, clock.sequence(), clock.hubAtDeadline(),
                        clock.standard(), clock.deadline(), now, false));
            }
        }
    }

    /** The status last sent of a clock on the board: PENDING for a breach by time alone not sent yet. */
    private static ClockStatus sent(ResponseClock clock, List<Announcement> announcements, Instant now) {
        ClockStatus status = clock.status(now);
        if (clock.settled() != null || status != ClockStatus.BREACHED) {
            return status;
        }
        boolean sentForThisDeadline = announcements.stream().anyMatch(a -> a.kind() == Kind.BREACH_SENT
                && a.clockNumber() == clock.sequence() && a.deadline().equals(clock.deadline()));
        return sentForThisDeadline ? status : ClockStatus.PENDING;
    }

    /** Withdraws what moved away from a judge or left, then sends what is new or changed, each with its cause. */
    private void sendContributions(String referralId, List<Contribution> before, List<Contribution> after,
            Instant now, Reading.Event cause) {
        String eventId = cause == null ? null : cause.id();
        String eventType = cause == null ? null : cause.type().eventName();
        for (Contribution old : before) {
            Contribution current = ofClock(after, old.clockNumber());
            if (current == null || !current.judgeKey().equals(old.judgeKey())) {
                context.forward(Envelopes.own(Destination.JUDGE, old.judgeKey(),
                        JudgedClock.withdrawn(clockId(referralId, old.clockNumber()), eventId, eventType), now));
            }
        }
        for (Contribution contribution : after) {
            if (!contribution.equals(ofClock(before, contribution.clockNumber()))) {
                context.forward(Envelopes.own(Destination.JUDGE, contribution.judgeKey(), new JudgedClock(
                        clockId(referralId, contribution.clockNumber()), contribution.status(),
                        contribution.resolvedAt(), contribution.origin(), eventId, eventType), now));
            }
        }
    }

    private void reschedule(String referralId, Instant before, Instant after) {
        if (java.util.Objects.equals(before, after)) {
            return;
        }
        if (before != null) {
            schedule.delete(scheduleKey(before, referralId));
        }
        if (after != null) {
            schedule.put(scheduleKey(after, referralId), new byte[0]);
        }
    }

    /** Ordered by time, to the millisecond rounded up, then referral: big-endian, so the bytes sort as the times. */
    private static Bytes scheduleKey(Instant at, String referralId) {
        long millis = Math.max(0, at.toEpochMilli() + (at.getNano() % 1_000_000 == 0 ? 0 : 1));
        byte[] id = referralId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(millis).put(id).array());
    }

    private Duration margin(ResponseClock clock) {
        return settings.atRiskMargins().get(clock.standard());
    }

    private static boolean announced(List<Announcement> announcements, Kind kind, int clockNumber, String hubId) {
        return announcements.stream().anyMatch(a -> a.kind() == kind && a.clockNumber() == clockNumber
                && a.hubId().equals(hubId));
    }

    private static Contribution ofClock(List<Contribution> contributions, int clockNumber) {
        return contributions.stream().filter(c -> c.clockNumber() == clockNumber).findFirst().orElse(null);
    }

    static String clockId(String referralId, int clockNumber) {
        return referralId + "/" + clockNumber;
    }

    static String warningKey(String referralId, int clockNumber, String hubId) {
        return "warning/" + referralId + "/" + clockNumber + "/" + hubId;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
