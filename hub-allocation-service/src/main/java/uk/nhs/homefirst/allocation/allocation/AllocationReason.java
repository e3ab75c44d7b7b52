package uk.nhs.homefirst.allocation.allocation;

/** Why a referral went to the hub it went to; kept with each allocation. */
public enum AllocationReason {
    /** The hub covering the patient's postcode district, which had room that day. */
    HOME_HUB,
    /** The home hub (and perhaps the next ones in its overflow order) was full that day: the next with room. */
    OVERFLOW,
    /** By a person, within the hub's capacity for the day. */
    MANUAL,
    /** By a person, to a hub already full for the day: a person may decide that, and it is recorded. */
    MANUAL_OVER_CAPACITY
}
