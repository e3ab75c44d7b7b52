package uk.nhs.homefirst.monitor.window;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.ExclusionReason;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.clock.ResponseClock;

/**
 * The figures ops staff read: for each hub and standard, the counts and percentage over each
 * window. Plain Java over a {@link ClockBoard} already moved to {@code now}.
 */
public final class TargetReport {

    /** Per standard: its at-risk margin. */
    public record Settings(Map<ResponseStandard, Duration> atRiskMargins, List<String> hubs, ZoneId zone) {
    }

    public record Targets(Instant asOf, AwaitingTriage awaitingTriage, AwaitingDischarge awaitingDischarge,
            List<HubTargets> hubs) {
    }

    public record AwaitingTriage(int count, Instant oldestReceivedAt) {
    }

    /**
     * Hospital referrals whose patients have not left hospital: no clock runs for them yet, so they
     * are in no figure.
     *
     * @param earliestExpectedDate the soonest expected discharge date, of those that have one
     * @param withoutDate          how many have no expected date (a discharge cancelled with none new)
     */
    public record AwaitingDischarge(int count, LocalDate earliestExpectedDate, int withoutDate) {
    }

    /** One referral awaiting discharge, as ops list them: ids and dates only. */
    public record AwaitingDischargeItem(String referralId, Instant receivedAt, LocalDate expectedDate) {
    }

    public record AwaitingDischargeList(Instant asOf, List<AwaitingDischargeItem> referrals) {
    }

    public record HubTargets(String hubId, List<StandardTargets> standards, List<ClockAtRisk> atRisk) {
    }

    public record StandardTargets(ResponseStandard standard, List<WindowTargets> windows) {
    }

    /**
     * {@code from} is exclusive: a clock counts when it resolved after it and at or before the report's time.
     *
     * @param byOrigin the same figures split by origin, when asked for ({@code ?by=origin}); the two add up to these
     */
    public record WindowTargets(String window, Instant from, int met, int breached, int excluded, int pending,
            int atRisk, BigDecimal percentage, @JsonInclude(JsonInclude.Include.NON_NULL) ByOrigin byOrigin) {

        public WindowTargets(String window, Instant from, int met, int breached, int excluded, int pending, int atRisk,
                BigDecimal percentage) {
            this(window, from, met, breached, excluded, pending, atRisk, percentage, null);
        }
    }

    /** A figure split as NICE QS173 reports it: referrals from hospital (discharge to assess) and from the community. */
    public record ByOrigin(OriginTargets hospitalDischarge, OriginTargets community) {
    }

    public record OriginTargets(int met, int breached, int excluded, int pending, int atRisk, BigDecimal percentage) {

        static OriginTargets of(WindowCounts counts) {
            return new OriginTargets(counts.met(), counts.breached(), counts.excluded(), counts.pending(),
                    counts.atRisk(), counts.percentage());
        }
    }

    public record ClockAtRisk(String referralId, ResponseStandard standard, Origin origin, Instant startedAt,
            Instant deadline, Duration timeLeft) {
    }

    /**
     * One clock, as ops staff open it from a figure or the at-risk list: ids and times only, never
     * a patient's details.
     *
     * @param origin   hospital discharge or community: which of the split figures counts the clock
     * @param timeLeft until the deadline, negative once it passed; null once the clock was met or excluded
     */
    public record ClockDetail(String referralId, int clockNumber, String hubId, Origin origin, Pathway pathway,
            ResponseStandard standard, ClockStatus status, Instant startedAt, Instant deadline, Instant stoppedAt,
            Instant resolvedAt, ExclusionReason exclusionReason, Duration timeLeft) {

        static ClockDetail of(ResponseClock clock, ClockBoard board) {
            Instant now = board.now();
            ClockStatus status = clock.status(now);
            boolean open = status == ClockStatus.PENDING || status == ClockStatus.BREACHED;
            return new ClockDetail(clock.referralId(), clock.sequence(), clock.hub(now),
                    board.originOf(clock.referralId()), clock.pathway(), clock.standard(), status, clock.startedAt(),
                    clock.deadline(), clock.stoppedAt(), clock.resolvedAt(now), clock.exclusionReason(),
                    open ? Duration.between(now, clock.deadline()) : null);
        }
    }

    /**
     * The clocks to act on now: those at risk, least time left first, then those breached since
     * {@code breachedSince}, most recent breach first.
     */
    public record AtRiskNow(Instant asOf, Instant breachedSince, List<ClockDetail> atRisk, List<ClockDetail> breached) {
    }

    /** The clocks behind one figure: a hub, standard and window, in one state. */
    public record FigureClocks(Instant asOf, String hubId, ResponseStandard standard, String window, Instant from,
            ClockStatus status, List<ClockDetail> clocks) {
    }

    private TargetReport() {
    }

    public static AtRiskNow atRiskNow(ClockBoard board, Settings settings, Instant breachedSince) {
        Instant now = board.now();
        List<ClockDetail> atRisk = board.atRisk(settings.atRiskMargins()).stream()
                .map(clock -> ClockDetail.of(clock, board)).toList();
        List<ClockDetail> breached = board.clocks(null, null, ClockStatus.BREACHED, breachedSince).stream()
                .map(clock -> ClockDetail.of(clock, board)).toList();
        return new AtRiskNow(now, breachedSince, atRisk, breached);
    }

    /** The clocks a figure counts: pending ones now, or those resolved in the window in {@code status}. */
    public static FigureClocks figureClocks(ClockBoard board, Settings settings, String hub, ResponseStandard standard,
            TargetWindow window, ClockStatus status) {
        Instant now = board.now();
        Instant from = window.from(now, settings.zone());
        List<ClockDetail> clocks = board.clocks(hub, standard, status, from).stream()
                .map(clock -> ClockDetail.of(clock, board)).toList();
        return new FigureClocks(now, hub, standard, window.label(), from, status, clocks);
    }

    /** Every hub: the configured ones, any other a clock counted for, and UNALLOCATED. */
    public static Targets all(ClockBoard board, Settings settings) {
        return all(board, settings, false);
    }

    /** Every hub, each figure split by origin too when {@code byOrigin}. */
    public static Targets all(ClockBoard board, Settings settings, boolean byOrigin) {
        Set<String> hubs = new LinkedHashSet<>(settings.hubs());
        hubs.addAll(board.hubsSeen());
        hubs.add(ResponseClock.UNALLOCATED);
        List<HubTargets> hubTargets = new ArrayList<>();
        for (String hub : hubs) {
            hubTargets.add(hub(board, settings, hub, false, byOrigin));
        }
        return new Targets(board.now(), awaitingTriage(board), awaitingDischarge(board), hubTargets);
    }

    /** The referrals awaiting discharge, soonest expected date first (those with none last), then by receipt. */
    public static AwaitingDischargeList awaitingDischargeList(ClockBoard board) {
        List<AwaitingDischargeItem> items = new ArrayList<>();
        board.awaitingDischarge().forEach((id, awaiting) ->
                items.add(new AwaitingDischargeItem(id, awaiting.receivedAt(), awaiting.expectedDate())));
        items.sort(Comparator.comparing(AwaitingDischargeItem::expectedDate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AwaitingDischargeItem::receivedAt).thenComparing(AwaitingDischargeItem::referralId));
        return new AwaitingDischargeList(board.now(), items);
    }

    /** One hub, with its clocks at risk listed. */
    public static HubTargets hub(ClockBoard board, Settings settings, String hub, boolean listAtRisk) {
        return hub(board, settings, hub, listAtRisk, false);
    }

    /** One hub, each figure split by origin too when {@code byOrigin}. */
    public static HubTargets hub(ClockBoard board, Settings settings, String hub, boolean listAtRisk, boolean byOrigin) {
        Instant now = board.now();
        List<StandardTargets> standards = new ArrayList<>();
        List<ClockAtRisk> atRisk = new ArrayList<>();
        for (ResponseStandard standard : ResponseStandard.values()) {
            Duration margin = settings.atRiskMargins().getOrDefault(standard, Duration.ZERO);
            List<WindowTargets> windows = new ArrayList<>();
            for (TargetWindow window : TargetWindow.values()) {
                Instant from = window.from(now, settings.zone());
                WindowCounts counts = board.counts(hub, standard, from, margin);
                ByOrigin split = byOrigin ? new ByOrigin(
                        OriginTargets.of(board.counts(hub, standard, from, margin, Origin.HOSPITAL_DISCHARGE)),
                        OriginTargets.of(board.counts(hub, standard, from, margin, Origin.COMMUNITY))) : null;
                windows.add(new WindowTargets(window.label(), from, counts.met(), counts.breached(), counts.excluded(),
                        counts.pending(), counts.atRisk(), counts.percentage(), split));
            }
            standards.add(new StandardTargets(standard, windows));
            if (listAtRisk) {
                for (ResponseClock clock : board.atRisk(hub, standard, margin)) {
                    atRisk.add(new ClockAtRisk(clock.referralId(), standard, board.originOf(clock.referralId()),
                            clock.startedAt(), clock.deadline(), Duration.between(now, clock.deadline())));
                }
            }
        }
        atRisk.sort(Comparator.comparing(ClockAtRisk::deadline));
        return new HubTargets(hub, standards, listAtRisk ? atRisk : null);
    }

    private static AwaitingDischarge awaitingDischarge(ClockBoard board) {
        Map<String, uk.nhs.homefirst.monitor.clock.AwaitingDischarge> awaiting = board.awaitingDischarge();
        LocalDate earliest = null;
        int withoutDate = 0;
        for (uk.nhs.homefirst.monitor.clock.AwaitingDischarge a : awaiting.values()) {
            if (a.expectedDate() == null) {
                withoutDate++;
            } else if (earliest == null || a.expectedDate().isBefore(earliest)) {
                earliest = a.expectedDate();
            }
        }
        return new AwaitingDischarge(awaiting.size(), earliest, withoutDate);
    }

    private static AwaitingTriage awaitingTriage(ClockBoard board) {
        Map<String, Instant> awaiting = board.awaitingTriage();
        Instant oldest = awaiting.values().stream().min(Comparator.naturalOrder()).orElse(null);
        return new AwaitingTriage(awaiting.size(), oldest);
    }
}
