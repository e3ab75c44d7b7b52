package uk.nhs.homefirst.monitor.clock;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import uk.nhs.homefirst.events.ResponseStandard;

/** The duration of each response standard: configuration, not code. */
public record ClockRules(Map<ResponseStandard, Duration> durations) {

    /** The national standards: 2 hours, 2 days counted as 48 hours, and 18 weeks. */
    public static ClockRules defaults() {
        Map<ResponseStandard, Duration> durations = new EnumMap<>(ResponseStandard.class);
        durations.put(ResponseStandard.TWO_HOUR, Duration.ofHours(2));
        durations.put(ResponseStandard.TWO_DAY, Duration.ofHours(48));
        durations.put(ResponseStandard.EIGHTEEN_WEEK, Duration.ofDays(7 * 18));
        return new ClockRules(durations);
    }

    public ClockRules {
        for (ResponseStandard standard : ResponseStandard.values()) {
            Duration duration = durations.get(standard);
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("The standard " + standard + " needs a positive duration");
            }
        }
        // An enum map: durationOf is asked for every clock of every referral a replay evaluates, and
        // an immutable Map.copyOf hashes the enum by its identity hash code, probing, on each look-up.
        durations = Collections.unmodifiableMap(new EnumMap<>(durations));
    }

    public Duration durationOf(ResponseStandard standard) {
        return durations.get(standard);
    }
}
