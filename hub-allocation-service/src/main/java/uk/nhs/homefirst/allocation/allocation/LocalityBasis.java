package uk.nhs.homefirst.allocation.allocation;

/** What placed a referral in its home hub's locality; kept with each automatic allocation. */
public enum LocalityBasis {
    /** The patient's registered GP practice is in the practice table: its hub, wherever the patient lives. */
    GP_PRACTICE,
    /** The practice is not listed (or not given): the hub covering the patient's postcode district. */
    POSTCODE_DISTRICT
}
