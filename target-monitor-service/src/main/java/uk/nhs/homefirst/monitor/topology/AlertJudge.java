package uk.nhs.homefirst.monitor.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.TargetAlertRaised;
import uk.nhs.homefirst.events.TargetAlertResolved;
import uk.nhs.homefirst.monitor.alert.Alert;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.topology.Outgoing.Destination;
import uk.nhs.homefirst.monitor.window.SortedTimes;
import uk.nhs.homefirst.monitor.window.WindowCounts;
import uk.nhs.homefirst.platform.id.TimeOrderedUuid;

/**
 * The alert judges of the hubs and standards of one partition: each holds the resolved clocks of
 * its hub and standard within the alert window, and on every tick applies the {@link AlertPolicy}
 * to their percentage, raising or resolving its alert on a transition. The alert, its state and
 * its announcement are one transaction, so each transition is announced exactly once.
 */
final class AlertJudge implements Processor<String, JudgedClock, String, Outgoing> {

    static final String CLOCKS = "alert-judged-clocks";
    static final String ALERTS = "alert-state";
    private static final String OPEN = "open|";
    private static final String RESOLVED = "resolved|";
    /** How often clocks that left the window and alerts resolved long ago are cleared away. */
    private static final Duration TIDY = Duration.ofMinutes(1);

    /** The met and breached clocks of one hub and standard, by resolution time. */
    private static final class Tally {
        final SortedTimes met = new SortedTimes();
        final SortedTimes breached = new SortedTimes();

        SortedTimes of(ClockStatus status) {
            return status == ClockStatus.MET ? met : breached;
        }
    }

    private final MonitorSettings settings;
    private final BooleanSupplier caughtUp;
    private final Map<String, Tally> tallies = new HashMap<>();
    private final Map<String, Alert> open = new HashMap<>();
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, JudgedClock> clocks;
    private KeyValueStore<String, Alert> alerts;

    AlertJudge(MonitorSettings settings, BooleanSupplier caughtUp) {
        this.settings = settings;
        this.caughtUp = caughtUp;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.clocks = context.getStateStore(CLOCKS);
        this.alerts = context.getStateStore(ALERTS);
        // The stores are restored before a task starts: the tallies are rebuilt from them, not from the topics.
        try (KeyValueIterator<String, JudgedClock> all = clocks.all()) {
            all.forEachRemaining(entry -> count(judgeKey(entry.key), entry.value, true));
        }
        try (KeyValueIterator<String, Alert> all = alerts.prefixScan(OPEN, new StringSerializer())) {
            all.forEachRemaining(entry -> open.put(entry.key.substring(OPEN.length()), entry.value));
        }
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::judge);
        context.schedule(TIDY, PunctuationType.WALL_CLOCK_TIME, this::tidy);
    }

    @Override
    public void process(Record<String, JudgedClock> record) {
        String key = record.key() + "|" + record.value().clockId();
        JudgedClock before = clocks.get(key);
        if (before != null) {
            count(record.key(), before, false);
        }
        if (!judged(record.value())) {
            clocks.delete(key);
        } else {
            clocks.put(key, record.value());
            count(record.key(), record.value(), true);
        }
    }

    /** Whether a clock counts for the percentage over the alert window: met or breached within its span. */
    private boolean judged(JudgedClock clock) {
        return !clock.isWithdrawn() && clock.status() != ClockStatus.EXCLUDED && clock.resolvedAt()
                .isAfter(Instant.ofEpochMilli(context.currentSystemTimeMs()).minus(settings.alertWindow().span()));
    }

    private void judge(long timestamp) {
        if (!caughtUp.getAsBoolean()) {
            return; // a percentage read half way through a backlog would raise alerts on figures that never were
        }
        Instant now = Instant.ofEpochMilli(timestamp);
        long from = SortedTimes.nanos(settings.alertWindow().from(now, settings.zone()));
        long to = SortedTimes.nanos(now);
        Set<String> keys = new LinkedHashSet<>(tallies.keySet());
        keys.addAll(open.keySet());
        for (String key : keys) {
            Tally tally = tallies.get(key);
            WindowCounts counts = tally == null ? new WindowCounts(0, 0, 0, 0, 0)
                    : new WindowCounts(tally.met.countAfterUpTo(from, to), tally.breached.countAfterUpTo(from, to), 0, 0, 0);
            int bar = key.indexOf('|');
            ResponseStandard standard = ResponseStandard.valueOf(key.substring(0, bar));
            String hub = key.substring(bar + 1);
            AlertPolicy policy = settings.policies().get(standard);
            Alert current = open.get(key);
            switch (policy.decide(current != null, counts)) {
                case RAISE -> raise(key, hub, standard, policy, counts, now);
                case RESOLVE -> resolve(key, current, counts, now);
                case NONE -> {
                }
            }
        }
    }

    private void raise(String key, String hub, ResponseStandard standard, AlertPolicy policy, WindowCounts counts,
            Instant now) {
        String window = settings.alertWindow().label();
        Alert alert = new Alert(TimeOrderedUuid.next().toString(), hub, standard, window, policy.threshold(), now,
                counts.percentage(), counts.met(), counts.breached(), null, null, null, null);
        alerts.put(OPEN + key, alert);
        open.put(key, alert);
        context.forward(Envelopes.event(settings.source(), TargetAlertRaised.TYPE, hub, new TargetAlertRaised(
                alert.alertId(), hub, standard, window, counts.percentage(), policy.threshold(), counts.met(),
                counts.breached(), now), now));
        list(alert, now);
    }

    private void resolve(String key, Alert raised, WindowCounts counts, Instant now) {
        Alert alert = new Alert(raised.alertId(), raised.hubId(), raised.standard(), raised.window(), raised.threshold(),
                raised.raisedAt(), raised.raisedPercentage(), raised.raisedMet(), raised.raisedBreached(), now,
                counts.percentage(), counts.met(), counts.breached());
        alerts.delete(OPEN + key);
        alerts.put(RESOLVED + alert.alertId(), alert);
        open.remove(key);
        context.forward(Envelopes.event(settings.source(), TargetAlertResolved.TYPE, alert.hubId(),
                new TargetAlertResolved(alert.alertId(), alert.hubId(), alert.standard(), alert.window(),
                        counts.percentage(), alert.threshold(), counts.met(), counts.breached(), alert.raisedAt(), now),
                now));
        list(alert, now);
    }

    private void list(Alert alert, Instant now) {
        context.forward(Envelopes.own(Destination.ALERT_LIST, "alert/" + alert.alertId(),
                new AlertList.Entry(alert, null), now));
    }

    /** Clears clocks that resolved before the alert window's span and alerts resolved before the recent period. */
    private void tidy(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        Instant before = now.minus(settings.alertWindow().span());
        List<KeyValue<String, JudgedClock>> old = new ArrayList<>();
        try (KeyValueIterator<String, JudgedClock> all = clocks.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.value.resolvedAt().isAfter(before)) {
                    old.add(entry);
                }
            });
        }
        for (KeyValue<String, JudgedClock> entry : old) {
            clocks.delete(entry.key);
            count(judgeKey(entry.key), entry.value, false);
        }
        List<KeyValue<String, Alert>> done = new ArrayList<>();
        try (KeyValueIterator<String, Alert> resolved = alerts.prefixScan(RESOLVED,
                new StringSerializer())) {
            resolved.forEachRemaining(entry -> {
                if (!entry.value.resolvedAt().plus(settings.recentAlerts()).isAfter(now)) {
                    done.add(entry);
                }
            });
        }
        for (KeyValue<String, Alert> entry : done) {
            alerts.delete(entry.key);
            context.forward(Envelopes.own(Destination.ALERT_LIST, "alert/" + entry.value.alertId(), null, now));
        }
    }

    private void count(String judgeKey, JudgedClock clock, boolean add) {
        Tally tally = tallies.computeIfAbsent(judgeKey, k -> new Tally());
        long at = SortedTimes.nanos(clock.resolvedAt());
        if (add) {
            tally.of(clock.status()).add(at);
        } else {
            tally.of(clock.status()).remove(at);
            if (tally.met.size() + tally.breached.size() == 0) {
                tallies.remove(judgeKey);
            }
        }
    }

    /** {@code TWO_HOUR|hub|referral/1} belongs to the judge {@code TWO_HOUR|hub}. */
    private static String judgeKey(String clockKey) {
        return clockKey.substring(0, clockKey.lastIndexOf('|'));
    }
}
