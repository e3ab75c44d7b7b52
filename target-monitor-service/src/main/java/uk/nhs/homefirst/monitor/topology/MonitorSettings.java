package uk.nhs.homefirst.monitor.topology;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.window.TargetWindow;

/**
 * What the topology is configured with.
 *
 * @param latenessHorizon how long after its last clock resolved (or its last event, if it has no
 *                        clock) a referral stays in the state to take late corrections
 * @param recentAlerts    how long resolved alerts and warnings stay on the alert list
 * @param tick            how often due clocks are looked at: at-risk and breach announcements and
 *                        alert judgements are at most this late
 * @param source          the CloudEvent source of the events announced
 */
public record MonitorSettings(ClockRules rules, Map<ResponseStandard, Duration> atRiskMargins,
        Map<ResponseStandard, AlertPolicy> policies, TargetWindow alertWindow, ZoneId zone,
        Duration latenessHorizon, Duration recentAlerts, Duration tick, String boardTopic, String alertListTopic,
        String lateEventsTopic, String source) {

    public MonitorSettings {
        if (latenessHorizon.compareTo(TargetWindow.REACH) < 0) {
            // A referral must not leave the state while one of its clocks can still count in a window.
            throw new IllegalArgumentException("The lateness horizon must be at least " + TargetWindow.REACH.toDays()
                    + " days, the reach of the longest window");
        }
        if (recentAlerts.compareTo(latenessHorizon) > 0) {
            throw new IllegalArgumentException("Alerts cannot be listed for longer than the lateness horizon");
        }
        for (ResponseStandard standard : ResponseStandard.values()) {
            if (!atRiskMargins.containsKey(standard) || !policies.containsKey(standard)) {
                throw new IllegalArgumentException("The standard " + standard + " needs an at-risk margin and an alert policy");
            }
        }
    }
}
