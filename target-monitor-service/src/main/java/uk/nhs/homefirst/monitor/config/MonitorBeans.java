package uk.nhs.homefirst.monitor.config;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.topology.FigureSettings;
import uk.nhs.homefirst.monitor.topology.CatchUp;
import uk.nhs.homefirst.monitor.topology.MonitorSettings;
import uk.nhs.homefirst.monitor.topology.MonitorTopology;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.monitor.window.TargetWindow;

/** Wires the plain-Java monitor and its topology to their configuration. */
public class MonitorBeans {

    @Produces
    @Singleton
    ClockRules clockRules(MonitorConfig config) {
        Map<ResponseStandard, Duration> durations = new EnumMap<>(ResponseStandard.class);
        config.standards().forEach((standard, settings) -> durations.put(standard, settings.duration()));
        return new ClockRules(durations);
    }

    @Produces
    @Singleton
    TargetBoard targetBoard() {
        return new TargetBoard();
    }

    @Produces
    @Singleton
    AlertList alertList() {
        return new AlertList();
    }

    @Produces
    @Singleton
    FigureBoard figureBoard() {
        return new FigureBoard();
    }

    @Produces
    @Singleton
    FigureSettings figureSettings(MonitorConfig config) {
        return new FigureSettings(config.topics().figures(), config.figures().finaliseAfter(),
                config.figures().weeksKept(), config.figures().monthsKept());
    }

    @Produces
    @Singleton
    TargetReport.Settings reportSettings(MonitorConfig config) {
        return new TargetReport.Settings(atRiskMargins(config), config.hubs(), config.zone());
    }

    @Produces
    @Singleton
    Map<ResponseStandard, AlertPolicy> alertPolicies(MonitorConfig config) {
        Map<ResponseStandard, AlertPolicy> policies = new EnumMap<>(ResponseStandard.class);
        config.standards().forEach((standard, settings) -> policies.put(standard, new AlertPolicy(
                settings.alertThreshold(), config.alerts().minimumResolved(), config.alerts().hysteresis())));
        return policies;
    }

    @Produces
    @Singleton
    MonitorSettings monitorSettings(MonitorConfig config, ClockRules rules, Map<ResponseStandard, AlertPolicy> policies,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        return new MonitorSettings(rules, atRiskMargins(config), policies, TargetWindow.ofLabel(config.alerts().window()),
                config.zone(), config.latenessHorizon(), config.alerts().recent(), config.tickInterval(),
                config.topics().board(), config.topics().alertList(), config.topics().lateEvents(), "/homefirst/" + application);
    }

    /** The topology Quarkus runs: its stores in RocksDB, its figures on this instance's board and alert list. */
    @Produces
    @Singleton
    Topology topology(MonitorSettings settings, FigureSettings figureSettings, TargetBoard board, AlertList alertList,
            FigureBoard figures, CatchUp catchUp, MeterRegistry registry) {
        return MonitorTopology.build(settings, figureSettings, board, alertList, figures, catchUp::caughtUp,
                topic -> registry.counter("homefirst.monitor.late.events", "topic", topic).increment(),
                MonitorTopology.Storage.PERSISTENT);
    }

    private static Map<ResponseStandard, Duration> atRiskMargins(MonitorConfig config) {
        Map<ResponseStandard, Duration> margins = new EnumMap<>(ResponseStandard.class);
        config.standards().forEach((standard, settings) -> margins.put(standard, settings.atRisk()));
        return margins;
    }
}
