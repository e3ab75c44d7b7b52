package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.nhs.homefirst.allocation.store.Hub;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/** A hub's open referrals, oldest first. */
public record CaseloadView(String hubId, String name, int count, List<Entry> referrals) {

    /**
     * @param allocatedAt     when this hub took the referral
     * @param attended        whether a visit that stops a clock (attended, in person) has been recorded
     * @param firstAttendedAt the earliest such visit, or null
     * @param visits          how many visits of any outcome have been recorded, less those voided
     * @param lastVisitAt     the latest of those, or null
     */
    public record Entry(String referralId, Pathway pathway, ResponseStandard standard, Instant receivedAt,
            Instant allocatedAt, int allocationNumber, boolean attended, Instant firstAttendedAt, int visits,
            Instant lastVisitAt) {
    }

    static CaseloadView of(Hub hub, List<ReferralCase> cases, Map<UUID, List<Visit>> visitsByReferral) {
        List<Entry> entries = cases.stream().map(c -> {
            List<Visit> visits = visitsByReferral.getOrDefault(c.referralId, List.of()).stream()
                    .filter(v -> v.voidedAt == null).toList();
            Instant firstAttended = visits.stream().filter(Visit::stopsClock)
                    .map(v -> v.visitedAt).min(Instant::compareTo).orElse(null);
            Instant last = visits.stream().map(v -> v.visitedAt).max(Instant::compareTo).orElse(null);
            return new Entry(c.referralId.toString(), c.pathway, c.standard, c.receivedAt, c.allocatedAt,
                    c.allocationNumber, firstAttended != null, firstAttended, visits.size(), last);
        }).toList();
        return new CaseloadView(hub.id, hub.name, entries.size(), entries);
    }
}
