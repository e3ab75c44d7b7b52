package uk.nhs.homefirst.monitor.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;

/** Wires the plain-Java monitor to its configuration. */
public class MonitorBeans {

    @Produces
    @Singleton
    ClockRules clockRules(MonitorConfig config) {
        Map<ResponseStandard, java.time.Duration> durations = new EnumMap<>(ResponseStandard.class);
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
    TargetReport.Settings reportSettings(MonitorConfig config) {
        Map<ResponseStandard, java.time.Duration> margins = new EnumMap<>(ResponseStandard.class);
        config.standards().forEach((standard, settings) -> margins.put(standard, settings.atRisk()));
        return new TargetReport.Settings(margins, config.hubs(), config.zone());
    }

    @Produces
    @Singleton
    Map<ResponseStandard, AlertPolicy> alertPolicies(MonitorConfig config) {
        Map<ResponseStandard, AlertPolicy> policies = new EnumMap<>(ResponseStandard.class);
        config.standards().forEach((standard, settings) -> policies.put(standard, new AlertPolicy(
                settings.alertThreshold(), config.alerts().minimumResolved(), config.alerts().hysteresis())));
        return policies;
    }
}
