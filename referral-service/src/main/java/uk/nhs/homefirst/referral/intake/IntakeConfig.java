package uk.nhs.homefirst.referral.intake;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

@ConfigMapping(prefix = "homefirst.intake")
public interface IntakeConfig {

    /** How far in the past a referrer may state the time a referral was received. */
    @WithDefault("48h")
    Duration maxBackdating();

    /** The zone of dates, such as "today" when judging a date of birth. */
    @WithDefault("Europe/London")
    ZoneId zone();
}
