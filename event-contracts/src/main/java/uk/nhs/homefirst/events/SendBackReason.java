package uk.nhs.homefirst.events;

/**
 * Why hub staff sent a referral back to its LDU. A code: what they wrote beside it stays in
 * hub-allocation-service, as free text may name the patient.
 */
public enum SendBackReason {
    /** The hub thinks the referral is on the wrong pathway: the LDU triages it again. */
    WRONG_PATHWAY,
    /** The hub cannot act on it without more from the referrer or the LDU. */
    NEEDS_MORE_INFORMATION,
    /** The patient lives outside the hub's area, or LLR's: the LDU routes or places it elsewhere. */
    OUTSIDE_AREA,
    /** The patient declined the hub's care: the LDU decides what follows. */
    PATIENT_DECLINED
}
