package uk.nhs.homefirst.monitor.alert;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.config.MonitorConfig;
import uk.nhs.homefirst.monitor.messaging.BoardFeed;
import uk.nhs.homefirst.monitor.metrics.TargetGauges;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.monitor.window.TargetWindow;

/**
 * Moves time forward every tick: refreshes the gauges, raises and resolves alerts on transitions,
 * and announces clocks newly at risk. Every instance ticks; {@link Alerts} makes sure each
 * transition and warning happens once.
 */
@ApplicationScoped
public class AlertTicker {

    private static final Logger LOG = Logger.getLogger(AlertTicker.class);
    private static final Duration REFRESH_OPEN_ALERTS = Duration.ofSeconds(30);

    private record Key(String hubId, ResponseStandard standard) {
    }

    private record Warned(String clockId, String hubId) {
    }

    private final TargetBoard board;
    private final BoardFeed feed;
    private final Alerts alerts;
    private final TargetGauges gauges;
    private final TargetReport.Settings settings;
    private final Map<ResponseStandard, AlertPolicy> policies;
    private final TargetWindow window;
    private final Clock clock;
    private final Set<Key> open = new HashSet<>();
    /**
     * Clocks already announced at risk, by clock and hub, with their deadline: a clock is announced
     * once to each hub it is attributed to while at risk.
     */
    private final Map<Warned, Instant> warned = new HashMap<>();
    private Instant openRefreshedAt = Instant.EPOCH;

    AlertTicker(TargetBoard board, BoardFeed feed, Alerts alerts, TargetGauges gauges, TargetReport.Settings settings,
            Map<ResponseStandard, AlertPolicy> policies, MonitorConfig config, Clock clock) {
        this.board = board;
        this.feed = feed;
        this.alerts = alerts;
        this.gauges = gauges;
        this.settings = settings;
        this.policies = policies;
        this.window = TargetWindow.ofLabel(config.alerts().window());
        this.clock = clock;
    }

    @Scheduled(every = "${homefirst.monitor.tick-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!feed.complete()) {
            return;
        }
        Instant now = clock.instant();
        TargetReport.Targets targets = board.read(now, b -> TargetReport.all(b, settings));
        gauges.update(targets);
        try {
            judgeAlerts(targets, now);
            warnAtRisk(now);
        } catch (RuntimeException e) {
            // The next tick tries again; a transition missed now is made then.
            LOG.warnf("Could not judge alerts this tick: %s", e.getMessage());
        }
    }

    private void judgeAlerts(TargetReport.Targets targets, Instant now) {
        if (Duration.between(openRefreshedAt, now).compareTo(REFRESH_OPEN_ALERTS) >= 0) {
            open.clear();
            alerts.open().stream().filter(a -> a.window().equals(window.label()))
                    .forEach(a -> open.add(new Key(a.hubId(), a.standard())));
            openRefreshedAt = now;
        }
        for (TargetReport.HubTargets hub : targets.hubs()) {
            for (TargetReport.StandardTargets standard : hub.standards()) {
                TargetReport.WindowTargets w = standard.windows().get(window.ordinal());
                var counts = new uk.nhs.homefirst.monitor.window.WindowCounts(w.met(), w.breached(), w.excluded(),
                        w.pending(), w.atRisk());
                Key key = new Key(hub.hubId(), standard.standard());
                AlertPolicy policy = policies.get(standard.standard());
                if (policy.decide(open.contains(key), counts) == AlertPolicy.Transition.NONE) {
                    continue;
                }
                if (alerts.judge(key.hubId(), key.standard(), window.label(), counts, policy, now)) {
                    open.add(key);
                } else {
                    open.remove(key);
                }
            }
        }
    }

    private void warnAtRisk(Instant now) {
        warned.values().removeIf(deadline -> !deadline.isAfter(now));
        Duration widest = settings.atRiskMargins().values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        List<ResponseClock> due = board.read(now, b -> b.pendingDueBefore(now.plus(widest)));
        for (ResponseClock clock : due) {
            Duration margin = settings.atRiskMargins().getOrDefault(clock.standard(), Duration.ZERO);
            if (!clock.deadline().isBefore(now.plus(margin))) {
                continue;
            }
            String hub = clock.hub(now);
            Warned warning = new Warned(clock.clockId(), hub);
            if (warned.containsKey(warning)) {
                continue;
            }
            if (alerts.warn(clock, hub, now)) {
                LOG.infof("Clock %s of %s is at risk: %s left", clock.clockId(), hub, Duration.between(now, clock.deadline()));
            }
            warned.put(warning, clock.deadline());
        }
    }
}
