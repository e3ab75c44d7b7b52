package uk.nhs.homefirst.monitor.window;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
import uk.nhs.homefirst.monitor.clock.ResponseClock;

/**
 * The figures ops staff read: for each hub and standard, the counts and percentage over each
 * window. Plain Java over a {@link ClockBoard} already moved to {@code now}.
 */
public final class TargetReport {

    /** Per standard: its at-risk margin. */
    public record Settings(Map<ResponseStandard, Duration> atRiskMargins, List<String> hubs, ZoneId zone) {
    }

    public record Targets(Instant asOf, AwaitingTriage awaitingTriage, List<HubTargets> hubs) {
    }

    public record AwaitingTriage(int count, Instant oldestReceivedAt) {
    }

    public record HubTargets(String hubId, List<StandardTargets> standards, List<ClockAtRisk> atRisk) {
    }

    public record StandardTargets(ResponseStandard standard, List<WindowTargets> windows) {
    }

    /** {@code from} is exclusive: a clock counts when it resolved after it and at or before the report's time. */
    public record WindowTargets(String window, Instant from, int met, int breached, int excluded, int pending,
            int atRisk, BigDecimal percentage) {
    }

    public record ClockAtRisk(String referralId, ResponseStandard standard, Instant startedAt, Instant deadline,
            Duration timeLeft) {
    }

    /**
     * One clock, as ops staff open it from a figure or the at-risk list: ids and times only, never
     * a patient's details.
     *
     * @param timeLeft until the deadline, negative once it passed; null once the clock was met or excluded
     */
    public record ClockDetail(String referralId, int clockNumber, String hubId, Pathway pathway,
            ResponseStandard standard, ClockStatus status, Instant startedAt, Instant deadline, Instant stoppedAt,
            Instant resolvedAt, ExclusionReason exclusionReason, Duration timeLeft) {

        static ClockDetail of(ResponseClock clock, Instant now) {
            ClockStatus status = clock.status(now);
            boolean open = status == ClockStatus.PENDING || status == ClockStatus.BREACHED;
            return new ClockDetail(clock.referralId(), clock.sequence(), clock.hub(now), clock.pathway(),
                    clock.standard(), status, clock.startedAt(), clock.deadline(), clock.stoppedAt(),
                    clock.resolvedAt(now), clock.exclusionReason(), open ? Duration.between(now, clock.deadline()) : null);
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
                .map(clock -> ClockDetail.of(clock, now)).toList();
        List<ClockDetail> breached = board.clocks(null, null, ClockStatus.BREACHED, breachedSince).stream()
                .map(clock -> ClockDetail.of(clock, now)).toList();
        return new AtRiskNow(now, breachedSince, atRisk, breached);
    }

    /** The clocks a figure counts: pending ones now, or those resolved in the window in {@code status}. */
    public static FigureClocks figureClocks(ClockBoard board, Settings settings, String hub, ResponseStandard standard,
            TargetWindow window, ClockStatus status) {
        Instant now = board.now();
        Instant from = window.from(now, settings.zone());
        List<ClockDetail> clocks = board.clocks(hub, standard, status, from).stream()
                .map(clock -> ClockDetail.of(clock, now)).toList();
        return new FigureClocks(now, hub, standard, window.label(), from, status, clocks);
    }

    /** Every hub: the configured ones, any other a clock counted for, and UNALLOCATED. */
    public static Targets all(ClockBoard board, Settings settings) {
        Set<String> hubs = new LinkedHashSet<>(settings.hubs());
        hubs.addAll(board.hubsSeen());
        hubs.add(ResponseClock.UNALLOCATED);
        List<HubTargets> hubTargets = new ArrayList<>();
        for (String hub : hubs) {
            hubTargets.add(hub(board, settings, hub, false));
        }
        return new Targets(board.now(), awaitingTriage(board), hubTargets);
    }

    /** One hub, with its clocks at risk listed. */
    public static HubTargets hub(ClockBoard board, Settings settings, String hub, boolean listAtRisk) {
        Instant now = board.now();
        List<StandardTargets> standards = new ArrayList<>();
        List<ClockAtRisk> atRisk = new ArrayList<>();
        for (ResponseStandard standard : ResponseStandard.values()) {
            Duration margin = settings.atRiskMargins().getOrDefault(standard, Duration.ZERO);
            List<WindowTargets> windows = new ArrayList<>();
            for (TargetWindow window : TargetWindow.values()) {
                Instant from = window.from(now, settings.zone());
                WindowCounts counts = board.counts(hub, standard, from, margin);
                windows.add(new WindowTargets(window.label(), from, counts.met(), counts.breached(), counts.excluded(),
                        counts.pending(), counts.atRisk(), counts.percentage()));
            }
            standards.add(new StandardTargets(standard, windows));
            if (listAtRisk) {
                for (ResponseClock clock : board.atRisk(hub, standard, margin)) {
                    atRisk.add(new ClockAtRisk(clock.referralId(), standard, clock.startedAt(), clock.deadline(),
                            Duration.between(now, clock.deadline())));
                }
            }
        }
        atRisk.sort(Comparator.comparing(ClockAtRisk::deadline));
        return new HubTargets(hub, standards, listAtRisk ? atRisk : null);
    }

    private static AwaitingTriage awaitingTriage(ClockBoard board) {
        Map<String, Instant> awaiting = board.awaitingTriage();
        Instant oldest = awaiting.values().stream().min(Comparator.naturalOrder()).orElse(null);
        return new AwaitingTriage(awaiting.size(), oldest);
    }
}
