package uk.nhs.homefirst.allocation.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.nhs.homefirst.allocation.clock.ReferralClocks;
import uk.nhs.homefirst.allocation.episode.EpisodeValidator;
import uk.nhs.homefirst.allocation.episode.Episodes;
import uk.nhs.homefirst.allocation.store.Hub;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.allocation.store.Visit;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/**
 * A hub's open referrals, oldest first; and the episodes it closed, newest first: those closed in the
 * last 7 days, and those whose 91-day follow-up is due and not recorded.
 *
 * @param deadlinesToday how many open referrals have a running clock whose deadline falls today (Europe/London),
 *                       passed or to come, as the target monitor announced them
 */
public record CaseloadView(String hubId, String name, int count, int deadlinesToday, List<Entry> referrals,
        List<Closed> closed, CapacityView capacity) {

    /** How long a closed episode stays on the caseload's list of closures. */
    static final java.time.Duration RECENT = java.time.Duration.ofDays(7);

    /**
     * @param followUpDueOn the first day its 91-day follow-up may be checked, or null when it has none
     * @param followUpDue   whether that day has come and no follow-up is recorded
     */
    public record Closed(String referralId, Pathway pathway, EpisodeOutcome outcome, LocalDate outcomeDate,
            Instant closedAt, LocalDate followUpDueOn, boolean followUpDue) {
    }

    /**
     * @param allocatedAt     when this hub took the referral
     * @param attended        whether a visit that stops a clock (attended, in person) has been recorded
     * @param firstAttendedAt the earliest such visit, or null
     * @param visits          how many visits of any outcome have been recorded, less those voided
     * @param lastVisitAt     the latest of those, or null
     * @param deadline        the deadline of its running response clock, as the target monitor announced it; null
     *                        when none runs (no standard, awaiting discharge, met or excluded) or none is announced yet
     * @param breached        whether the monitor announced that clock breached: its deadline passed with no visit
     */
    public record Entry(String referralId, Pathway pathway, ResponseStandard standard, Instant receivedAt,
            Instant allocatedAt, int allocationNumber, boolean attended, Instant firstAttendedAt, int visits,
            Instant lastVisitAt, Instant deadline, boolean breached) {
    }

    static CaseloadView of(Hub hub, List<ReferralCase> cases, Map<UUID, List<Visit>> visitsByReferral,
            List<ReferralCase> closedCases, Map<UUID, Instant> discharges, Map<UUID, ReferralClocks.Running> deadlines, Instant now,
            CapacityView capacity) {
        List<Entry> entries = cases.stream().map(c -> {
            List<Visit> visits = visitsByReferral.getOrDefault(c.referralId, List.of()).stream()
                    .filter(v -> v.voidedAt == null).toList();
            Instant firstAttended = visits.stream().filter(Visit::stopsClock)
                    .map(v -> v.visitedAt).min(Instant::compareTo).orElse(null);
            Instant last = visits.stream().map(v -> v.visitedAt).max(Instant::compareTo).orElse(null);
            ReferralClocks.Running running = deadlines.get(c.referralId);
            return new Entry(c.referralId.toString(), c.pathway, c.standard, c.receivedAt, c.allocatedAt,
                    c.allocationNumber, firstAttended != null, firstAttended, visits.size(), last,
                    running == null ? null : running.deadline(), running != null && running.breached());
        }).toList();
        LocalDate today = LocalDate.ofInstant(now, EpisodeValidator.ZONE);
        int deadlinesToday = (int) entries.stream().filter(e -> e.deadline() != null
                && LocalDate.ofInstant(e.deadline(), EpisodeValidator.ZONE).equals(today)).count();
        List<Closed> closed = closedCases.stream().map(c -> {
            LocalDate dueOn = Episodes.followUpDueOn(c, discharges.get(c.referralId));
            boolean due = dueOn != null && !dueOn.isAfter(today) && c.followUpRecordedAt == null;
            return new Closed(c.referralId.toString(), c.pathway, c.episodeOutcome, c.episodeOutcomeDate,
                    c.episodeClosedAt, dueOn, due);
        }).filter(c -> c.followUpDue() || !c.closedAt().isBefore(now.minus(RECENT))).toList();
        return new CaseloadView(hub.id, hub.name, entries.size(), deadlinesToday, entries, closed, capacity);
    }
}
