package uk.nhs.homefirst.monitor.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.figures.FigureKey;
import uk.nhs.homefirst.monitor.figures.Period;
import uk.nhs.homefirst.monitor.figures.Tally;
import uk.nhs.homefirst.monitor.property.ReferenceModel.Counts;
import uk.nhs.homefirst.monitor.property.ReferenceModel.Figures;
import uk.nhs.homefirst.monitor.property.Scenarios.Scenario;
import uk.nhs.homefirst.monitor.property.Scenarios.Step;
import uk.nhs.homefirst.monitor.topology.TopologyFixture;
import uk.nhs.homefirst.monitor.window.TargetReport;

/**
 * The product's promise about time (docs/product.md): the figures depend on business times only, never on the order,
 * batching or repetition in which events arrive, nor on when the board happened to be read in
 * between. And the figures are those of {@link ReferenceModel}, the rules recomputed from scratch.
 */
class ResponseClockPropertiesTest {

    /** Each try runs the topology in a TopologyTestDriver (twice for the first property). */
    static final int TRIES = 300;

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    static final TargetReport.Settings SETTINGS =
            new TargetReport.Settings(Scenarios.AT_RISK, Scenarios.CONFIGURED_HUBS, LONDON);
    static final ReferenceModel.Rules RULES =
            new ReferenceModel.Rules(Scenarios.DURATIONS, Scenarios.AT_RISK, Scenarios.CONFIGURED_HUBS, LONDON);

    /** The monitor's topology, fed the facts as the producers' events, read as ops staff read it. */
    static final class Monitor implements AutoCloseable {
        final TopologyFixture topology = new TopologyFixture(Instant.EPOCH, Scenarios.CONFIGURED_HUBS);

        void deliver(List<Fact> batch) {
            topology.send(batch.toArray(Fact[]::new));
        }

        /** The report at {@code now}, split by origin: wall-clock time moves there first, as it would have in the service. */
        TargetReport.Targets report(Instant now) {
            return topology.report(now, true);
        }

        @Override
        public void close() {
            topology.close();
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Scenarios.scenarios();
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void theReportDoesNotDependOnArrivalOrderDuplicatesBatchesOrReadsInBetween(@ForAll("scenarios") Scenario scenario) {
        try (Monitor monitor = new Monitor(); Monitor inOrderInOneGo = new Monitor()) {
            for (Step step : scenario.delivery()) {
                if (step.readAt() != null) {
                    monitor.report(step.readAt());
                }
                monitor.deliver(step.batch());
            }
            inOrderInOneGo.deliver(scenario.facts());

            for (Instant now : scenario.nows()) {
                TargetReport.Targets expected = inOrderInOneGo.report(now);

                TargetReport.Targets actual = monitor.report(now);

                assertThat(differences(figuresOf(expected), figuresOf(actual)))
                        .as("what differs at %s from the same facts delivered in order in one go", now)
                        .isEmpty();
                assertThat(hubIds(actual)).as("the hubs at %s, in order", now).isEqualTo(hubIds(expected));
                assertThat(actual).as("the whole report at %s", now).isEqualTo(expected);
            }
        }
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.NONE)
    void theFiguresAreThoseOfTheRulesRecomputedFromScratch(@ForAll("scenarios") Scenario scenario) {
        try (Monitor monitor = new Monitor()) {
            List<Fact> deliveredSoFar = new ArrayList<>();
            for (Step step : scenario.delivery()) {
                if (step.readAt() != null) {
                    assertFigures(monitor.report(step.readAt()), deliveredSoFar, step.readAt(), "a read between batches");
                }
                monitor.deliver(step.batch());
                deliveredSoFar.addAll(step.batch());
            }

            for (Instant now : scenario.nows()) {
                assertFigures(monitor.report(now), scenario.facts(), now, "a final read");
            }
            assertDailyAndMonthlyFigures(monitor, scenario.facts(), scenario.nows().get(scenario.nows().size() - 1));
        }
    }

    /**
     * The daily and monthly figures, of all clocks and of each origin, are those of the model. Only
     * periods within 60 days of {@code now}: older ones are at the lateness horizon's edge, where the
     * monitor keeps what it had and the model recomputes (README: what a late event does).
     */
    private static void assertDailyAndMonthlyFigures(Monitor monitor, List<Fact> facts, Instant now) {
        monitor.report(now.plusMillis(250)); // changed figures are sent once a tick
        LocalDate from = LocalDate.ofInstant(now.minus(Duration.ofDays(60)), LONDON).plusMonths(1).withDayOfMonth(1);
        for (Period period : List.of(Period.DAY, Period.MONTH)) {
            Map<String, String> actual = new TreeMap<>();
            for (FigureBoard.Entry entry : monitor.topology.figures.figures(period, null, null, from,
                    LocalDate.ofInstant(now, LONDON).plusYears(1))) {
                Tally c = entry.figure().counts();
                if (!c.isEmpty()) {
                    FigureKey key = entry.key();
                    actual.put(key.start() + " " + key.standard() + " " + key.hubId() + " " + key.origin(),
                            "met " + c.met() + ", breached " + c.breached() + ", excluded " + c.excluded());
                }
            }
            assertThat(actual).as("the %s figures from %s at %s", period, from, now)
                    .isEqualTo(ReferenceModel.periodFigures(facts, now, RULES, period == Period.MONTH, from));
        }
    }

    // ClockBoard listed every hub a clock had ever counted for, so a hub that held a clock only until
    // a later event moved it stayed in the report as a row of zeros: the report depended on arrival
    // order and batching, and changed when a restart rebuilt the board. The smallest history the
    // properties found, and the same thing as it happens live.

    @Example
    void aHubThatHeldAClockOnlyUntilALaterAllocationArrivedIsNotListed() {
        Instant t = Instant.parse("2026-10-31T21:30:00Z");
        Fact received = new Fact.Received("r1", t);
        Fact decided = new Fact.Decided("r1", 1, t, t, ResponseStandard.TWO_HOUR);
        Fact byDistrict = new Fact.Allocated("r1", 1, t, "hinckley-bosworth", AllocationMethod.POSTCODE_DISTRICT);
        Fact byHand = new Fact.Allocated("r1", 2, t, "charnwood-nwl", AllocationMethod.MANUAL);
        try (Monitor monitor = new Monitor()) {
            monitor.deliver(List.of(received, decided, byDistrict));
            monitor.deliver(List.of(byHand));

            assertThat(hubIds(monitor.report(t))).containsExactly("charnwood-nwl", "melton-rutland", "UNALLOCATED");
        }
    }

    @Example
    void aHubAPendingClockWasMovedAwayFromIsNoLongerListed() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        try (Monitor monitor = new Monitor()) {
            monitor.deliver(List.of(new Fact.Received("r1", t)));
            monitor.deliver(List.of(new Fact.Decided("r1", 1, t.plusSeconds(300), t, ResponseStandard.TWO_HOUR)));
            monitor.deliver(List.of(new Fact.Allocated("r1", 1, t.plusSeconds(600), "hinckley-bosworth",
                    AllocationMethod.POSTCODE_DISTRICT)));
            assertThat(hubIds(monitor.report(t.plusSeconds(1800)))).contains("hinckley-bosworth");

            monitor.deliver(List.of(new Fact.Allocated("r1", 2, t.plusSeconds(3600), "charnwood-nwl",
                    AllocationMethod.MANUAL)));

            assertThat(hubIds(monitor.report(t.plusSeconds(3600))))
                    .containsExactly("charnwood-nwl", "melton-rutland", "UNALLOCATED");
        }
    }

    @Example
    void aDelayedDischargeIsNoBreachAndItsClockRunsFromTheDischargeInTheModelAndTheMonitorAlike() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        String id = java.util.UUID.nameUUIDFromBytes("d1".getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        List<Fact> waiting = List.of(
                new Fact.Received(id, t, Origin.HOSPITAL_DISCHARGE, true, java.time.LocalDate.of(2026, 11, 24)),
                new Fact.Decided(id, 1, t.plusSeconds(60), t, ResponseStandard.TWO_DAY),
                new Fact.Allocated(id, 1, t.plusSeconds(120), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT));
        try (Monitor monitor = new Monitor()) {
            monitor.deliver(waiting);
            assertFigures(monitor.report(t.plus(Duration.ofDays(4))), waiting, t.plus(Duration.ofDays(4)), "in hospital");
            assertThat(ReferenceModel.clocks(waiting, t.plus(Duration.ofDays(4)), RULES)).isEmpty();

            List<Fact> discharged = new ArrayList<>(waiting);
            discharged.add(new Fact.Discharged(id, t.plus(Duration.ofDays(4))));
            monitor.deliver(discharged.subList(3, 4));

            Instant twoDaysLater = t.plus(Duration.ofDays(6));
            assertFigures(monitor.report(twoDaysLater.minusSeconds(60)), discharged, twoDaysLater.minusSeconds(60),
                    "a minute before the deadline");
            assertFigures(monitor.report(twoDaysLater), discharged, twoDaysLater, "at the deadline");
            assertThat(ReferenceModel.clocks(discharged, twoDaysLater, RULES)).singleElement()
                    .satisfies(clock -> assertThat(clock.status()).isEqualTo(ReferenceModel.Status.BREACHED))
                    .satisfies(clock -> assertThat(clock.origin()).isEqualTo(Origin.HOSPITAL_DISCHARGE));
        }
    }

    private static void assertFigures(TargetReport.Targets report, List<Fact> facts, Instant now, String which) {
        Figures expected = ReferenceModel.figures(facts, now, RULES);

        assertThat(differences(expected, figuresOf(report)))
                .as(() -> "what differs from the reference model at " + now + " (" + which + "), whose clocks are:\n"
                        + ReferenceModel.clocks(facts, now, RULES).stream().map(Object::toString)
                                .collect(Collectors.joining("\n")))
                .isEmpty();
        List<String> hubs = hubIds(report);
        assertThat(hubs).as("hubs listed once each").doesNotHaveDuplicates();
        assertThat(hubs.subList(0, Scenarios.CONFIGURED_HUBS.size())).as("the configured hubs first, in their order")
                .isEqualTo(Scenarios.CONFIGURED_HUBS);
        assertThat(report.asOf()).isEqualTo(now);
    }

    private static List<String> hubIds(TargetReport.Targets report) {
        return report.hubs().stream().map(TargetReport.HubTargets::hubId).toList();
    }

    /** The report keyed as the reference model's figures. */
    static Figures figuresOf(TargetReport.Targets report) {
        Map<String, Map<ResponseStandard, Map<String, Counts>>> hubs = keyed(report, w -> new Counts(w.met(),
                w.breached(), w.excluded(), w.pending(), w.atRisk(), w.percentage()));
        Map<Origin, Map<String, Map<ResponseStandard, Map<String, Counts>>>> byOrigin = new TreeMap<>();
        byOrigin.put(Origin.HOSPITAL_DISCHARGE, keyed(report, w -> counts(w.byOrigin().hospitalDischarge())));
        byOrigin.put(Origin.COMMUNITY, keyed(report, w -> counts(w.byOrigin().community())));
        TargetReport.AwaitingDischarge awaiting = report.awaitingDischarge();
        return new Figures(report.asOf(), report.awaitingTriage().count(), report.awaitingTriage().oldestReceivedAt(),
                new ReferenceModel.AwaitingDischarge(awaiting.count(), awaiting.earliestExpectedDate(),
                        awaiting.withoutDate()), hubs, byOrigin);
    }

    private static Counts counts(TargetReport.OriginTargets o) {
        return new Counts(o.met(), o.breached(), o.excluded(), o.pending(), o.atRisk(), o.percentage());
    }

    private static Map<String, Map<ResponseStandard, Map<String, Counts>>> keyed(TargetReport.Targets report,
            java.util.function.Function<TargetReport.WindowTargets, Counts> counts) {
        Map<String, Map<ResponseStandard, Map<String, Counts>>> hubs = new TreeMap<>();
        for (TargetReport.HubTargets hub : report.hubs()) {
            Map<ResponseStandard, Map<String, Counts>> standards = new TreeMap<>();
            for (TargetReport.StandardTargets standard : hub.standards()) {
                Map<String, Counts> windows = new TreeMap<>();
                for (TargetReport.WindowTargets w : standard.windows()) {
                    windows.put(w.window(), counts.apply(w));
                }
                standards.put(standard.standard(), windows);
            }
            hubs.put(hub.hubId(), standards);
        }
        return hubs;
    }

    /** One line per figure that differs, so that a failure says what is wrong rather than dumping two reports. */
    static List<String> differences(Figures expected, Figures actual) {
        List<String> lines = new ArrayList<>();
        if (!expected.asOf().equals(actual.asOf())) {
            lines.add("as of: expected " + expected.asOf() + ", was " + actual.asOf());
        }
        if (expected.awaitingTriage() != actual.awaitingTriage()
                || !java.util.Objects.equals(expected.oldestAwaitingTriage(), actual.oldestAwaitingTriage())) {
            lines.add("awaiting triage: expected " + expected.awaitingTriage() + " since " + expected.oldestAwaitingTriage()
                    + ", was " + actual.awaitingTriage() + " since " + actual.oldestAwaitingTriage());
        }
        if (!java.util.Objects.equals(expected.awaitingDischarge(), actual.awaitingDischarge())) {
            lines.add("awaiting discharge: expected " + expected.awaitingDischarge() + ", was " + actual.awaitingDischarge());
        }
        compare("", expected.hubs(), actual.hubs(), lines);
        for (Origin origin : Origin.values()) {
            compare(origin + " ", expected.byOrigin().get(origin), actual.byOrigin().get(origin), lines);
        }
        return lines;
    }

    private static void compare(String prefix, Map<String, Map<ResponseStandard, Map<String, Counts>>> expected,
            Map<String, Map<ResponseStandard, Map<String, Counts>>> actual, List<String> lines) {
        Set<String> hubs = new LinkedHashSet<>(expected.keySet());
        hubs.addAll(actual.keySet());
        for (String hub : hubs) {
            var e = expected.get(hub);
            var a = actual.get(hub);
            if (e == null || a == null) {
                lines.add(prefix + "hub " + hub + ": expected " + (e == null ? "no row" : "a row") + ", was "
                        + (a == null ? "no row" : "a row"));
                continue;
            }
            for (ResponseStandard standard : ResponseStandard.values()) {
                for (String window : ReferenceModel.WINDOWS) {
                    Counts ec = e.get(standard).get(window);
                    Counts ac = a.get(standard).get(window);
                    if (!ec.equals(ac)) {
                        lines.add(prefix + hub + " " + standard + " " + window + ": expected " + ec + "; was " + ac);
                    }
                }
            }
        }
    }
}
