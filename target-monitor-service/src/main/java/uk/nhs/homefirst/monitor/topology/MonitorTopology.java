package uk.nhs.homefirst.monitor.topology;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.read.DeadLetter;
import uk.nhs.homefirst.monitor.alert.Alert;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.figures.Figure;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.topology.Outgoing.Destination;
import uk.nhs.homefirst.monitor.window.TargetBoard;

/**
 * The target monitor as a Kafka Streams topology.
 *
 * <pre>
 * referrals, assessments, allocations, visits (keyed by referral id, co-partitioned)
 *   └─ ReferralProcessor [referral-records, referral-schedule]
 *        ├─ &lt;topic&gt;.dlq                     records no one can read
 *        ├─ target-monitor.late-events      events after their referral left the state
 *        ├─ target-monitor.board            each referral's clocks that count now ──┐
 *        ├─ target-alerts                   ResponseAtRisk, ResponseBreached        │
 *        ├─ response-clocks                 ResponseClockChanged                    │
 *        ├─ target-monitor.alert-list       warnings, for the alert list ─────────┐ │
 *        └─ judged-clocks (repartitioned by hub and standard)                     │ │
 *             ├─ AlertJudge [alert-judged-clocks, alert-state]                    │ │
 *             │    ├─ target-alerts     TargetAlertRaised, TargetAlertResolved    │ │
 *             │    └─ target-monitor.alert-list ──────────────────────────────────┤ │
 *             └─ FigureProcessor [figure-clocks, figures]                         │ │
 *                  └─ target-monitor.figures  days, weeks, months ──────────────┐ │ │
 * global stores on every instance: board ◀──────────────────────────────────────┼─┼─┘
 *                                  alert-list ◀─────────────────────────────────┼─┘
 *                                  figures ◀────────────────────────────────────┘
 * </pre>
 *
 * Later facts (a discharge, a voided visit, a closed episode) are new facts of the same referral:
 * they extend {@link IncomingEvents} and the clock rules, not this shape.
 */
public final class MonitorTopology {

    static final String BOARD_STORE = "board";
    static final String ALERT_LIST_STORE = "alert-list";
    static final String FIGURES_STORE = "figures-view";
    static final String JUDGED_CLOCKS = "judged-clocks";

    /** Where the stores live: RocksDB in the service; memory in tests that build thousands of topologies. */
    public enum Storage {
        PERSISTENT, IN_MEMORY
    }

    private MonitorTopology() {
    }

    /**
     * @param caughtUp         whether this instance has read its input up to where it stood: until then
     *                         nothing is announced or judged, since a clock may look at risk for want of its visit
     * @param lateEventCounted called with the topic of each event diverted as late
     */
    public static Topology build(MonitorSettings settings, FigureSettings figureSettings, TargetBoard board,
            AlertList alertList, FigureBoard figures, BooleanSupplier caughtUp, Consumer<String> lateEventCounted,
            Storage storage) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached: a referral's events mostly come close together, so that its record is written to
        // RocksDB and its changelog once per commit rather than once per event.
        builder.addStateStore(store(ReferralProcessor.RECORDS, storage, Serdes.String(), StoreFormat.REFERRAL_RECORD)
                .withCachingEnabled());
        builder.addStateStore(store(ReferralProcessor.SCHEDULE, storage, Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());
        // Cached as well: a clock changes, and a figure with every clock of its day, several times a commit.
        builder.addStateStore(store(AlertJudge.CLOCKS, storage, Serdes.String(), StoreFormat.JUDGED_CLOCK)
                .withCachingEnabled());
        builder.addStateStore(store(AlertJudge.ALERTS, storage, Serdes.String(), MonitorSerdes.json(Alert.class)));
        builder.addStateStore(store(FigureProcessor.CLOCKS, storage, Serdes.String(), StoreFormat.JUDGED_CLOCK)
                .withCachingEnabled());
        builder.addStateStore(store(FigureProcessor.FIGURES, storage, Serdes.String(), StoreFormat.FIGURE)
                .withCachingEnabled());
        builder.addStateStore(store(FigureProcessor.UNSENT, storage, Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());

        KStream<String, Outgoing> fromReferrals = builder
                .stream(List.of(Topics.REFERRALS, Topics.ASSESSMENTS, Topics.ALLOCATIONS, Topics.VISITS),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("events"))
                .process(() -> new ReferralProcessor(settings, caughtUp, lateEventCounted), Named.as("referrals"),
                        ReferralProcessor.RECORDS, ReferralProcessor.SCHEDULE);
        Map<String, KStream<String, Outgoing>> out = fromReferrals.split(Named.as("referral-"))
                .branch((key, value) -> value.to() == Destination.JUDGE, Branched.as("judge"))
                .defaultBranch(Branched.as("sent"));
        send("referrals", out.get("referral-sent"), settings, figureSettings);

        KStream<String, JudgedClock> judged = out.get("referral-judge")
                .mapValues(value -> (JudgedClock) value.value(), Named.as("judged-clock"))
                .repartition(Repartitioned.with(Serdes.String(), StoreFormat.JUDGED_CLOCK)
                        .withName(JUDGED_CLOCKS));
        send("alert-judges", judged.process(() -> new AlertJudge(settings, caughtUp), Named.as("alert-judges"),
                AlertJudge.CLOCKS, AlertJudge.ALERTS), settings, figureSettings);
        send("figures", judged.process(() -> new FigureProcessor(settings, figureSettings, caughtUp),
                Named.as("figure-keeper"), FigureProcessor.CLOCKS, FigureProcessor.FIGURES, FigureProcessor.UNSENT), settings, figureSettings);

        // The global stores' own copies are binary (StoreFormat, which also reads JSON): the topics stay JSON.
        builder.addGlobalStore(store(BOARD_STORE, storage, Serdes.String(), StoreFormat.EVALUATION)
                        .withLoggingDisabled(), settings.boardTopic(),
                Consumed.with(Serdes.String(), MonitorSerdes.json(Evaluation.class)).withName("board-source"),
                () -> new GlobalView<>(BOARD_STORE, board::replaceAll,
                        (id, evaluation) -> board.update(id, evaluation == null ? Evaluation.NOTHING : evaluation)));
        builder.addGlobalStore(store(ALERT_LIST_STORE, storage, Serdes.String(), MonitorSerdes.json(AlertList.Entry.class))
                        .withLoggingDisabled(), settings.alertListTopic(),
                Consumed.with(Serdes.String(), MonitorSerdes.json(AlertList.Entry.class)).withName("alert-list-source"),
                () -> new GlobalView<>(ALERT_LIST_STORE, alertList::replaceAll, alertList::update));
        builder.addGlobalStore(store(FIGURES_STORE, storage, Serdes.String(), StoreFormat.FIGURE)
                        .withLoggingDisabled(), figureSettings.topic(),
                Consumed.with(Serdes.String(), MonitorSerdes.json(Figure.class)).withName("figures-source"),
                () -> new GlobalView<>(FIGURES_STORE, figures::replaceAll, figures::update));
        return builder.build();
    }

    /** Each output to its topic, with its serde; {@code from} names the processor, so that node names are unique. */
    private static void send(String from, KStream<String, Outgoing> outputs, MonitorSettings settings,
            FigureSettings figureSettings) {
        Map<String, KStream<String, Outgoing>> to = outputs.split(Named.as(from + "-to-"))
                .branch((k, v) -> v.to() == Destination.BOARD, Branched.as("board"))
                .branch((k, v) -> v.to() == Destination.ALERT_LIST, Branched.as("alert-list"))
                .branch((k, v) -> v.to() == Destination.TARGET_ALERTS, Branched.as("target-alerts"))
                .branch((k, v) -> v.to() == Destination.RESPONSE_CLOCKS, Branched.as("response-clocks"))
                .branch((k, v) -> v.to() == Destination.DEAD_LETTERS, Branched.as("dead-letters"))
                .branch((k, v) -> v.to() == Destination.LATE_EVENTS, Branched.as("late-events"))
                .branch((k, v) -> v.to() == Destination.FIGURES, Branched.as("figures"))
                .noDefaultBranch();
        sink(to.get(from + "-to-board"), settings.boardTopic(), MonitorSerdes.json(Evaluation.class));
        sink(to.get(from + "-to-alert-list"), settings.alertListTopic(), MonitorSerdes.json(AlertList.Entry.class));
        sink(to.get(from + "-to-target-alerts"), Topics.TARGET_ALERTS, Serdes.ByteArray());
        sink(to.get(from + "-to-response-clocks"), Topics.RESPONSE_CLOCKS, Serdes.ByteArray());
        sink(to.get(from + "-to-late-events"), settings.lateEventsTopic(), Serdes.ByteArray());
        sink(to.get(from + "-to-figures"), figureSettings.topic(), MonitorSerdes.json(Figure.class));
        // A dead letter goes to the dead-letter topic of the topic its record came from.
        to.get(from + "-to-dead-letters").mapValues(v -> (byte[]) v.value())
                .to((key, value, record) -> DeadLetter.topicOf(record.topic()),
                        Produced.with(Serdes.String(), Serdes.ByteArray()));
    }

    @SuppressWarnings("unchecked")
    private static <V> void sink(KStream<String, Outgoing> stream, String topic, Serde<V> serde) {
        stream.mapValues(v -> (V) v.value()).to(topic, Produced.with(Serdes.String(), serde));
    }

    private static <K, V> StoreBuilder<org.apache.kafka.streams.state.KeyValueStore<K, V>> store(String name,
            Storage storage, Serde<K> keys, Serde<V> values) {
        KeyValueBytesStoreSupplier supplier = storage == Storage.PERSISTENT ? Stores.persistentKeyValueStore(name)
                : Stores.inMemoryKeyValueStore(name);
        return Stores.keyValueStoreBuilder(supplier, keys, values);
    }
}
