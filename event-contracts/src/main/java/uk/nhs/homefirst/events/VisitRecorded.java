package uk.nhs.homefirst.events;

import java.time.Instant;

/**
 * Hub staff recorded a visit to the patient.
 *
 * @param visitedAt  when the visit took place: the business time that may stop a response clock
 * @param recordedAt when hub-allocation-service recorded it
 */
public record VisitRecorded(
        String visitId,
        String referralId,
        String hubId,
        Instant visitedAt,
        Instant recordedAt,
        VisitOutcome outcome) {

    public static final String TYPE = "uk.nhs.homefirst.VisitRecorded.v1";
}
