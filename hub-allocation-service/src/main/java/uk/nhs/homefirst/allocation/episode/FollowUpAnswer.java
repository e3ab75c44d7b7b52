package uk.nhs.homefirst.allocation.episode;

/** The 91-day follow-up's answer: was the patient still at home 91 days after leaving hospital? */
public enum FollowUpAnswer {
    YES, NO, UNKNOWN
}
