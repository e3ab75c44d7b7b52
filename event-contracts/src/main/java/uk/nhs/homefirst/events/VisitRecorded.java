package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * Hub staff recorded a visit to the patient.
 *
 * @param visitedAt   when the visit took place: the business time that may stop a response clock
 * @param recordedAt  when hub-allocation-service recorded it
 * @param contactType in person, by telephone or by video; null in events sent before it was recorded,
 *                    which were all in person (since v1, optional)
 * @param staffRole   the role of who made the visit; null in events sent before it was recorded (since v1, optional)
 */
public record VisitRecorded(
        String visitId,
        String referralId,
        String hubId,
        Instant visitedAt,
        Instant recordedAt,
        VisitOutcome outcome,
        ContactType contactType,
        StaffRole staffRole) {

    public static final String TYPE = "uk.nhs.homefirst.VisitRecorded.v1";

    /** A visit as announced before contact type and staff role were recorded: in person. */
    public VisitRecorded(String visitId, String referralId, String hubId, Instant visitedAt, Instant recordedAt,
            VisitOutcome outcome) {
        this(visitId, referralId, hubId, visitedAt, recordedAt, outcome, null, null);
    }

    /** The contact type, in person when the event predates it. */
    public ContactType contactTypeOrInPerson() {
        return contactType == null ? ContactType.IN_PERSON : contactType;
    }
}
