package uk.nhs.homefirst.events;

/** The clinical needs a referral states. They feed the triage rules. */
public enum ClinicalNeed {
    FALLS,
    FRAILTY_DECOMPENSATION,
    DELIRIUM,
    RESPIRATORY_EXACERBATION,
    CARER_BREAKDOWN,
    REABLEMENT_NEED,
    PALLIATIVE_CARE,
    END_OF_LIFE_CARE,
    WOUND_CARE,
    CATHETER_CARE,
    MEDICATION_SUPPORT,
    THERAPY_NEED,
    STEP_UP_BED
}
