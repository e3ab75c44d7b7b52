package uk.nhs.homefirst.referral.store;

/** Where a referral stands, as the referrer sees it. */
public enum ReferralStatus {
    RECEIVED
}
