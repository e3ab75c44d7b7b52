package uk.nhs.homefirst.allocation.allocation;

/** Why a referral that needs a hub has none: it waits on its LDU's unallocated list. */
public enum UnallocatedReason {
    /** No hub covers its postcode district, or it has none. */
    NO_COVERING_HUB,
    /** Its home hub and every hub in that hub's overflow order were full for the day. */
    ALL_HUBS_FULL,
    /** The hub holding it sent it back to the LDU (the reason is with the send-back): the LDU decides or places it. */
    SENT_BACK
}
