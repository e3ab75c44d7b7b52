package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.util.List;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.allocation.store.VisitChange;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitOutcome;

/**
 * A recorded visit as it now stands, and each void or correction it had (with what it said before).
 *
 * @param revision   0 as recorded; each void or correction adds one
 * @param voidedAt   when it was voided, or null
 * @param stopsClock whether it stops a response clock: attended, in person, not void
 */
public record VisitView(String visitId, String referralId, String hubId, Instant visitedAt, Instant recordedAt,
        VisitOutcome outcome, ContactType contactType, StaffRole staffRole, String sourceVisitId, int revision,
        Instant voidedAt, VisitChangeReason voidReason, boolean stopsClock, List<Change> changes) {

    /** A void or correction: its revision, when and why, and the visit as it stood before it. */
    public record Change(int revision, String kind, Instant changedAt, VisitChangeReason reason, String referralId,
            String hubId, Instant visitedAt, VisitOutcome outcome, ContactType contactType, StaffRole staffRole) {
    }

    static VisitView of(Visit v) {
        List<Change> changes = v.revision == 0 ? List.of() : VisitChange.ofVisit(v.id).stream()
                .map(c -> new Change(c.key.revision(), c.kind.name(), c.changedAt, c.reason,
                        c.beforeReferralId.toString(), c.beforeHubId, c.beforeVisitedAt, c.beforeOutcome,
                        c.beforeContactType, c.beforeStaffRole))
                .toList();
        return new VisitView(v.id.toString(), v.referralId.toString(), v.hubId, v.visitedAt, v.recordedAt, v.outcome,
                v.contactType, v.staffRole, v.sourceVisitId, v.revision, v.voidedAt, v.voidReason, v.stopsClock(),
                changes);
    }
}
