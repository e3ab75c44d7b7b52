package uk.nhs.homefirst.referral.rest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Paging of {@code GET /api/referrals}. */
@ConfigMapping(prefix = "homefirst.referral-list")
public interface ReferralListConfig {

    @WithDefault("50")
    int defaultSize();

    @WithDefault("200")
    int maxSize();
}
