package uk.nhs.homefirst.events;

/** Who sent the referral. */
public enum ReferralSource {
    GP,
    ACUTE_HOSPITAL,
    AMBULANCE,
    NHS111,
    SOCIAL_CARE,
    CARE_HOME,
    SELF_OR_CARER,
    COMMUNITY_TEAM
}
