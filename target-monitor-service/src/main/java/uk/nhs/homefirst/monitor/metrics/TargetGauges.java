package uk.nhs.homefirst.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.topology.CatchUp;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.monitor.window.TargetWindow;

/**
 * The figures as Prometheus gauges, per hub, standard and window. The label set is bounded: the
 * configured hubs and UNALLOCATED only, so that a stray hub id in an event cannot grow it. The
 * values are those of the latest refresh, every few seconds once the monitor has caught up.
 */
@ApplicationScoped
public class TargetGauges {

    private final TargetBoard board;
    private final TargetReport.Settings settings;
    private final CatchUp catchUp;
    private final Clock clock;
    private volatile TargetReport.Targets latest;

    TargetGauges(MeterRegistry registry, TargetReport.Settings settings, TargetBoard board, CatchUp catchUp, Clock clock) {
        this.board = board;
        this.settings = settings;
        this.catchUp = catchUp;
        this.clock = clock;
        List<String> hubs = new ArrayList<>(settings.hubs());
        hubs.add(ResponseClock.UNALLOCATED);
        for (String hub : hubs) {
            for (ResponseStandard standard : ResponseStandard.values()) {
                for (TargetWindow window : TargetWindow.values()) {
                    Tags tags = Tags.of("hub", hub, "standard", standard.name(), "window", window.label());
                    gauge(registry, "homefirst.target.percentage", "Percentage met of met + breached; NaN when none resolved",
                            tags, hub, standard, window, w -> w.percentage() == null ? Double.NaN : w.percentage().doubleValue());
                    gauge(registry, "homefirst.target.met", "Clocks met that resolved in the window", tags, hub, standard,
                            window, TargetReport.WindowTargets::met);
                    gauge(registry, "homefirst.target.breached", "Clocks breached that resolved in the window", tags, hub,
                            standard, window, TargetReport.WindowTargets::breached);
                    gauge(registry, "homefirst.target.excluded", "Clocks excluded in the window", tags, hub, standard,
                            window, TargetReport.WindowTargets::excluded);
                }
                Tags tags = Tags.of("hub", hub, "standard", standard.name());
                gauge(registry, "homefirst.target.pending", "Clocks running now", tags, hub, standard,
                        TargetWindow.LAST_24_HOURS, TargetReport.WindowTargets::pending);
                gauge(registry, "homefirst.target.at.risk", "Clocks running now with less than the at-risk margin left",
                        tags, hub, standard, TargetWindow.LAST_24_HOURS, TargetReport.WindowTargets::atRisk);
            }
        }
        Gauge.builder("homefirst.referrals.awaiting.triage", this,
                gauges -> gauges.latest == null ? Double.NaN : gauges.latest.awaitingTriage().count())
                .description("Referrals received but neither triaged nor cancelled").register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (catchUp.caughtUp()) {
            latest = board.read(clock.instant(), b -> TargetReport.all(b, settings));
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, String hub,
            ResponseStandard standard, TargetWindow window, ToDoubleFunction<TargetReport.WindowTargets> value) {
        Gauge.builder(name, this, gauges -> gauges.value(hub, standard, window, value))
                .description(description).tags(tags).register(registry);
    }

    private double value(String hub, ResponseStandard standard, TargetWindow window,
            ToDoubleFunction<TargetReport.WindowTargets> value) {
        TargetReport.Targets targets = latest;
        if (targets == null) {
            return Double.NaN;
        }
        for (TargetReport.HubTargets h : targets.hubs()) {
            if (h.hubId().equals(hub)) {
                for (TargetReport.StandardTargets s : h.standards()) {
                    if (s.standard() == standard) {
                        return value.applyAsDouble(s.windows().get(window.ordinal()));
                    }
                }
            }
        }
        return Double.NaN;
    }
}
