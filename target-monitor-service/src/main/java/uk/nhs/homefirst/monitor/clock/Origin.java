package uk.nhs.homefirst.monitor.clock;

/**
 * Where a referral came from, as NICE QS173 reports the 2-day reablement start: from a hospital
 * (source ACUTE_HOSPITAL, discharge to assess) or from the community (everyone else).
 */
public enum Origin {
    HOSPITAL_DISCHARGE,
    COMMUNITY
}
