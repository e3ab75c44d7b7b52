package uk.nhs.homefirst.events;

/** The pathway triage puts a referral on. Which response standard a pathway carries is configuration. */
public enum Pathway {
    URGENT_CRISIS_RESPONSE,
    HOME_FIRST_REABLEMENT,
    END_OF_LIFE,
    NEIGHBOURHOOD_NURSING,
    PLANNED_THERAPY,
    BED_BASED,
    NOT_ACCEPTED
}
