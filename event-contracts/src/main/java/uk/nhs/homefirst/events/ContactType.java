package uk.nhs.homefirst.events;

/** How hub staff were in contact with the patient. Only an attended IN_PERSON contact stops a response clock. */
public enum ContactType {
    IN_PERSON,
    TELEPHONE,
    VIDEO
}
