package uk.nhs.homefirst.events;

/** How a hub came to hold a referral. */
public enum AllocationMethod {
    /** By the patient's postcode district, from the hubs' coverage. */
    POSTCODE_DISTRICT,
    /** By a person, for example a reallocation between hubs. */
    MANUAL
}
