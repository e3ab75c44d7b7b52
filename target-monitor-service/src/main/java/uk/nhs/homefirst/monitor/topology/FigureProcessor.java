package uk.nhs.homefirst.monitor.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.figures.Figure;
import uk.nhs.homefirst.monitor.figures.FigureKey;
import uk.nhs.homefirst.monitor.figures.FigureOrigin;
import uk.nhs.homefirst.monitor.figures.Period;
import uk.nhs.homefirst.monitor.figures.Tally;
import uk.nhs.homefirst.monitor.topology.Outgoing.Destination;

/**
 * The daily, weekly and monthly figures of the hubs and standards of one partition of the judged
 * clocks: each resolved clock counts in the day, week and month (Europe/London) it resolved in, for
 * the hub it counts for, among all clocks and among those of its referral's origin (a figure each). A
 * month is finalised once it has ended; a later change to it is recorded as a revision, with the
 * clock and the event behind it, in the total and in the figure of the clock's origin. Only aggregates are kept beyond the clocks of
 * the lateness horizon: 53 weeks, and months for longer.
 */
final class FigureProcessor implements Processor<String, JudgedClock, String, Outgoing> {

    static final String CLOCKS = "figure-clocks";
    static final String FIGURES = "figures";
    /**
     * The figures changed since they were last sent. Many clocks change one figure within a tick,
     * so each is sent once a tick, not once a clock; kept in a store (in the transaction of the
     * change) so that a figure changed just before a crash or a move of the task is still sent.
     */
    static final String UNSENT = "figures-unsent";
    private static final byte[] MARK = new byte[0];
    /** How often months are looked at for finalising. */
    private static final Duration FINALISING = Duration.ofMinutes(1);
    /** How often clocks and figures past keeping are cleared away. */
    private static final Duration TIDY = Duration.ofMinutes(10);
    private static final String MONTHS = Period.MONTH + "|";

    private final MonitorSettings settings;
    private final FigureSettings figureSettings;
    private final BooleanSupplier caughtUp;
    private final ZoneId zone;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, JudgedClock> clocks;
    private KeyValueStore<String, Figure> figures;
    private KeyValueStore<String, byte[]> unsentStore;
    private final Set<String> unsent = new LinkedHashSet<>();

    FigureProcessor(MonitorSettings settings, FigureSettings figureSettings, BooleanSupplier caughtUp) {
        this.settings = settings;
        this.figureSettings = figureSettings;
        this.caughtUp = caughtUp;
        this.zone = settings.zone();
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.clocks = context.getStateStore(CLOCKS);
        this.figures = context.getStateStore(FIGURES);
        this.unsentStore = context.getStateStore(UNSENT);
        try (KeyValueIterator<String, byte[]> left = unsentStore.all()) {
            left.forEachRemaining(entry -> unsent.add(entry.key));
        }
        context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::send);
        context.schedule(FINALISING, PunctuationType.WALL_CLOCK_TIME, this::finalise);
        context.schedule(TIDY, PunctuationType.WALL_CLOCK_TIME, this::tidy);
    }

    @Override
    public void process(Record<String, JudgedClock> record) {
        JudgedClock clock = record.value();
        Instant now = now();
        String key = record.key() + "|" + clock.clockId();
        JudgedClock before = clocks.get(key);
        JudgedClock after = clock.isWithdrawn() ? null : clock;
        if (before == null && (after == null || after.resolvedAt().isBefore(now.minus(settings.latenessHorizon())))) {
            return; // nothing counted of it, and too old to count now: its periods are past revision
        }
        if (before != null && after != null && before.status() == after.status()
                && before.resolvedAt().equals(after.resolvedAt()) && before.origin() == after.origin()) {
            return;
        }
        int bar = record.key().indexOf('|');
        ResponseStandard standard = ResponseStandard.valueOf(record.key().substring(0, bar));
        String hub = record.key().substring(bar + 1);
        // One change per figure, whatever moved within it: a clock met instead of breached in the same month is one revision.
        Map<FigureKey, Tally> changed = new LinkedHashMap<>();
        if (before != null) {
            count(changed, standard, hub, before, -1);
        }
        if (after != null) {
            count(changed, standard, hub, after, 1);
            clocks.put(key, after);
        } else {
            clocks.delete(key);
        }
        changed.forEach((figureKey, counts) -> {
            Figure figure = Objects.requireNonNullElse(figures.get(figureKey.toString()), Figure.EMPTY);
            if (!counts.equals(figure.counts())) {
                put(figureKey, figure.change(counts, now, clock.clockId(), clock.eventId(), clock.eventType()), now);
            }
        });
    }

    private void count(Map<FigureKey, Tally> changed, ResponseStandard standard, String hub, JudgedClock clock, int by) {
        LocalDate date = LocalDate.ofInstant(clock.resolvedAt(), zone);
        for (Period period : Period.values()) {
            FigureKey all = new FigureKey(period, standard, hub, period.start(date));
            for (FigureKey key : List.of(all, all.of(FigureOrigin.of(clock.origin())))) {
                Tally counts = changed.computeIfAbsent(key, k -> {
                    Figure figure = figures.get(k.toString());
                    return figure == null ? Tally.NONE : figure.counts();
                });
                changed.put(key, counts.plus(clock.status(), by));
            }
        }
    }

    private void put(FigureKey key, Figure figure, Instant now) {
        if (figure.counts().isEmpty() && !figure.isFinal()) {
            figures.delete(key.toString());
        } else {
            figures.put(key.toString(), figure);
        }
        changed(key.toString());
    }

    private void changed(String key) {
        if (unsent.add(key)) {
            unsentStore.put(key, MARK);
        }
    }

    /** Sends each figure changed since the last tick, as it is now (none: removed). */
    private void send(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        for (String key : unsent) {
            context.forward(Envelopes.own(Destination.FIGURES, key, figures.get(key), now));
            unsentStore.delete(key);
        }
        unsent.clear();
    }

    /**
     * Finalises every month whose end is {@code finaliseAfter} past, with both origins' figures of it,
     * an empty one too: a late clock of that origin is then a revision, as it is of the total.
     */
    private void finalise(long timestamp) {
        if (!caughtUp.getAsBoolean()) {
            return; // a month finalised half way through a backlog would be revised by the rest of it
        }
        Instant now = Instant.ofEpochMilli(timestamp);
        Map<FigureKey, Figure> due = new LinkedHashMap<>();
        try (KeyValueIterator<String, Figure> months = figures.prefixScan(MONTHS, new StringSerializer())) {
            months.forEachRemaining(entry -> {
                FigureKey key = FigureKey.parse(entry.key);
                Instant end = key.start().plusMonths(1).atStartOfDay(zone).toInstant();
                if (!entry.value.isFinal() && !end.plus(figureSettings.finaliseAfter()).isAfter(now)) {
                    due.put(key, entry.value);
                }
            });
        }
        for (FigureKey all : List.copyOf(due.keySet())) {
            if (all.origin() == FigureOrigin.ALL) {
                for (FigureOrigin origin : FigureOrigin.SPLIT) {
                    if (!due.containsKey(all.of(origin)) && figures.get(all.of(origin).toString()) == null) {
                        due.put(all.of(origin), Figure.EMPTY);
                    }
                }
            }
        }
        due.forEach((key, month) -> put(key, month.finalise(now), now));
    }

    /** Clears clocks past the lateness horizon, and days, weeks and months past keeping. */
    private void tidy(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        Instant horizon = now.minus(settings.latenessHorizon());
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, JudgedClock> all = clocks.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.resolvedAt().isBefore(horizon)) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(clocks::delete);

        LocalDate today = LocalDate.ofInstant(now, zone);
        Map<Period, LocalDate> keptFrom = Map.of(
                Period.DAY, LocalDate.ofInstant(horizon, zone).minusDays(1),
                Period.WEEK, Period.WEEK.start(today).minusWeeks(figureSettings.weeksKept() - 1L),
                Period.MONTH, Period.MONTH.start(today).minusMonths(figureSettings.monthsKept() - 1L));
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Figure> all = figures.all()) {
            all.forEachRemaining(entry -> {
                FigureKey key = FigureKey.parse(entry.key);
                if (key.start().isBefore(keptFrom.get(key.period()))) {
                    expired.add(entry.key);
                }
            });
        }
        for (String key : expired) {
            figures.delete(key);
            changed(key);
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
