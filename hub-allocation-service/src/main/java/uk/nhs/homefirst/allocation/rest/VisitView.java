package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.VisitOutcome;

/** A recorded visit. */
public record VisitView(String visitId, String referralId, String hubId, Instant visitedAt, Instant recordedAt,
        VisitOutcome outcome) {

    static VisitView of(Visit v) {
        return new VisitView(v.id.toString(), v.referralId.toString(), v.hubId, v.visitedAt, v.recordedAt, v.outcome);
    }
}
