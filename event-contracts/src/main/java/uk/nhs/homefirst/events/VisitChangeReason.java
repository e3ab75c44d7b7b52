package uk.nhs.homefirst.events;

/**
 * Why hub staff voided or corrected a visit. A code, not free text: free text about a visit may
 * name the patient, and these events travel without patient data.
 */
public enum VisitChangeReason {
    /** Recorded by mistake (voids). */
    ENTERED_IN_ERROR,
    /** The same visit was recorded twice (voids). */
    DUPLICATE,
    /** Recorded, but the visit did not take place (voids). */
    DID_NOT_TAKE_PLACE,
    /** Recorded against the wrong referral (corrections; and the void on the old referral when a visit moves). */
    WRONG_REFERRAL,
    WRONG_TIME,
    WRONG_OUTCOME,
    WRONG_CONTACT_TYPE,
    WRONG_STAFF_ROLE
}
