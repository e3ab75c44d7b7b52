package uk.nhs.homefirst.monitor.property;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.topology.TopologyFixture;

/**
 * Random but valid histories of referrals, and random ways of delivering them. Every time lies on
 * a grid of whole minutes and is mostly placed relative to a receipt, a decision or a deadline, so
 * that ties between events and events exactly at a deadline are frequent.
 */
final class Scenarios {

    /** The configuration of the monitor under test: the README's defaults, as the topology is run with. */
    static final Map<ResponseStandard, Duration> DURATIONS = TopologyFixture.DURATIONS;
    static final Map<ResponseStandard, Duration> AT_RISK = TopologyFixture.AT_RISK;

    /** Two hubs the report always shows, and one it shows only once a clock counts for it. */
    static final List<String> CONFIGURED_HUBS = List.of("charnwood-nwl", "melton-rutland");
    static final List<String> ALL_HUBS = List.of("charnwood-nwl", "melton-rutland", "hinckley-bosworth");

    /** Starting points near a month boundary, both clock changes, and the middle of a month. */
    static final List<Instant> BASES = List.of(
            Instant.parse("2026-10-31T20:00:00Z"), // 1 November starts at 00:00Z (GMT)
            Instant.parse("2026-06-30T20:00:00Z"), // 1 July starts at 23:00Z the day before (BST)
            Instant.parse("2026-03-28T12:00:00Z"), // clocks go forward on 29 March
            Instant.parse("2026-10-24T12:00:00Z"), // clocks go back on 25 October
            Instant.parse("2026-11-18T08:00:00Z"));

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private Scenarios() {
    }

    // ---------------------------------------------------------------- what a scenario is

    /** A history, the way it is delivered, and the times its figures are read at afterwards. */
    record Scenario(List<Fact> facts, List<Step> delivery, List<Instant> nows) {

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("\nfacts, in business-time order:\n");
            for (int i = 0; i < facts.size(); i++) {
                text.append(String.format("  f%-3d %s%n", i, describe(facts.get(i))));
            }
            text.append("delivery:\n");
            for (Step step : delivery) {
                if (step.readAt() != null) {
                    text.append("  read the board at ").append(step.readAt()).append('\n');
                }
                text.append("  batch ").append(step.batch().stream()
                        .map(f -> "f" + facts.indexOf(f)).collect(Collectors.joining(" "))).append('\n');
            }
            text.append("then read at ").append(nows).append('\n');
            return text.toString();
        }
    }

    /** A read of the board at {@code readAt} (when not null), then a batch of facts. */
    record Step(Instant readAt, List<Fact> batch) {
    }

    static String describe(Fact fact) {
        if (fact instanceof Fact.Received r) {
            return r.referralId() + " received " + r.receivedAt() + (r.origin() == Origin.HOSPITAL_DISCHARGE
                    ? " from hospital" + (r.awaitsDischarge() ? ", discharge expected " + r.expectedDischargeDate() : "")
                    : "");
        }
        if (fact instanceof Fact.Discharged d) {
            return d.referralId() + " discharged " + d.dischargedAt();
        }
        if (fact instanceof Fact.DischargeDelayed m) {
            return m.referralId() + " discharge moved at " + m.changedAt() + " to " + m.expectedDate();
        }
        if (fact instanceof Fact.Decided d) {
            return d.referralId() + " decision " + d.decisionNumber() + " at " + d.decidedAt() + ": "
                    + (d.standard() == null ? "no standard" : d.standard()) + " (received " + d.receivedAt() + ")";
        }
        if (fact instanceof Fact.Allocated a) {
            return a.referralId() + " allocation " + a.allocationNumber() + " at " + a.allocatedAt() + " to "
                    + a.hubId() + " by " + a.method();
        }
        if (fact instanceof Fact.Visited v) {
            return v.referralId() + " visit " + v.visitId() + " at " + v.visitedAt() + ": " + v.outcome() + " "
                    + v.contactType() + (v.revision() == 0 ? "" : " (revision " + v.revision() + ")");
        }
        if (fact instanceof Fact.VisitVoided x) {
            return x.referralId() + " visit " + x.visitId() + " voided at " + x.voidedAt() + " (revision " + x.revision()
                    + ")";
        }
        if (fact instanceof Fact.EpisodeClosed x) {
            return x.referralId() + " episode closed " + x.closedAt();
        }
        Fact.Cancelled c = (Fact.Cancelled) fact;
        return c.referralId() + " cancelled " + c.cancelledAt();
    }

    static Instant businessTime(Fact fact) {
        if (fact instanceof Fact.Received r) {
            return r.receivedAt();
        }
        if (fact instanceof Fact.Discharged d) {
            return d.dischargedAt();
        }
        if (fact instanceof Fact.DischargeDelayed m) {
            return m.changedAt();
        }
        if (fact instanceof Fact.Decided d) {
            return d.decidedAt();
        }
        if (fact instanceof Fact.Allocated a) {
            return a.allocatedAt();
        }
        if (fact instanceof Fact.Visited v) {
            return v.visitedAt();
        }
        if (fact instanceof Fact.VisitVoided x) {
            return x.voidedAt();
        }
        if (fact instanceof Fact.EpisodeClosed x) {
            return x.closedAt();
        }
        return ((Fact.Cancelled) fact).cancelledAt();
    }

    // ---------------------------------------------------------------- plans: small numbers that shrink well

    enum Anchor {
        SERVER_RECEIPT, STATED_RECEIPT, DECISION
    }

    enum Span {
        NONE(Duration.ZERO), TWO_HOURS(Duration.ofHours(2)), TWO_DAYS(Duration.ofHours(48)),
        EIGHTEEN_WEEKS(Duration.ofDays(7 * 18));

        final Duration duration;

        Span(Duration duration) {
            this.duration = duration;
        }
    }

    /** A time: an anchor of the referral, plus a span (a standard's duration, so deadlines are hit), plus minutes. */
    record Moment(Anchor anchor, int decision, Span span, int minutes) {
    }

    record DecisionPlan(Moment at, boolean keepsStandard, ResponseStandard standard) {
    }

    record AllocationPlan(Moment at, String hub, AllocationMethod method) {
    }

    /**
     * A visit, its contact, and what hub staff later did to it: corrected it (a new time, outcome and
     * contact), moved it to another referral of the scenario, or voided it (nothing follows a void).
     */
    record VisitPlan(Moment at, VisitOutcome outcome, ContactType contact, List<ChangePlan> changes) {
    }

    enum ChangeKind {
        CORRECT, MOVE, VOID
    }

    /** @param toReferral which other referral of the scenario a move takes the visit to */
    record ChangePlan(ChangeKind kind, Moment at, VisitOutcome outcome, ContactType contact, int toReferral) {
    }

    /** {@code number} names the referral, so that shrinking away another referral does not rename this one. */
    record ReferralPlan(int number, int receiptHalfHours, int statedQuartersEarlier, boolean receiptDelivered,
            List<DecisionPlan> decisions, List<AllocationPlan> allocations, List<VisitPlan> visits,
            List<Moment> cancellations, DischargePlan discharge) {

        ReferralPlan with(DischargePlan discharge) {
            return new ReferralPlan(number, receiptHalfHours, statedQuartersEarlier, receiptDelivered, decisions,
                    allocations, visits, cancellations, discharge);
        }
    }

    enum Kind {
        COMMUNITY, FROM_HOSPITAL_AT_HOME, FROM_HOSPITAL_BEFORE_DISCHARGE
    }

    /**
     * Where a referral comes from and, for one made before the patient leaves hospital, its expected
     * date (days after receipt), its confirmations (none yet, one, or two: a producer's mistake)
     * and the changes of its expected date (a null number of days: cancelled with no new date).
     */
    record DischargePlan(Kind kind, int expectedDays, List<Moment> discharges, List<Moment> delays,
            List<Integer> delayedDays) {
    }

    /** Where a read falls relative to a clock's deadline: at it, a minute off, at the at-risk edge, a window later. */
    enum NearDeadline {
        AT(Duration.ZERO), MINUTE_BEFORE(Duration.ofMinutes(-1)), MINUTE_AFTER(Duration.ofMinutes(1)),
        AT_RISK_EDGE(null), DAY_AFTER(Duration.ofHours(24)), WEEK_AFTER(Duration.ofDays(7)),
        FOUR_WEEKS_AFTER(Duration.ofDays(28));

        final Duration offset;

        NearDeadline(Duration offset) {
            this.offset = offset;
        }
    }

    /**
     * Where the four final reads fall: relative to the first referral's times, relative to some
     * clock's deadline (at it, at its at-risk edge, or exactly a window after it), within two weeks
     * of the start, and after the last fact.
     */
    record NowPlan(Moment nearFirstReferral, int deadline, NearDeadline nearDeadline, int atRiskEdgeMinutes,
            int minutesAfterStart, int minutesAfterLastFact) {
    }

    // ---------------------------------------------------------------- generators

    /**
     * Built without flatMap: the delivery is a plan of a few numbers applied to whatever facts the
     * history has, so that jqwik shrinks the history and its delivery independently, and quickly.
     */
    static Arbitrary<Scenario> scenarios() {
        Arbitrary<Instant> base = Arbitraries.of(BASES);
        Arbitrary<List<ReferralPlan>> referrals = referralPlan().list().ofMinSize(1).ofMaxSize(15)
                .uniqueElements(ReferralPlan::number);
        return Combinators.combine(base, referrals, deliveryPlan(), nowPlan()).as((start, plans, deliveryPlan, nowPlan) -> {
            History history = facts(start, plans);
            List<Instant> nows = nows(start, history, nowPlan);
            return new Scenario(history.facts(), delivery(history.facts(), deliveryPlan, nows.get(0)), nows);
        });
    }

    // Choices are weighted with Arbitraries.frequency and combined, not with frequencyOf (a flatMap),
    // so that shrinking stays fast: a failure must shrink in seconds.

    static Arbitrary<ReferralPlan> referralPlan() {
        Arbitrary<Integer> receiptHalfHours = Arbitraries.integers().between(0, 8 * 48);
        Arbitrary<Integer> statedQuartersEarlier = Combinators.combine(
                Arbitraries.frequency(Tuple.of(3, false), Tuple.of(1, true)), Arbitraries.integers().between(1, 12))
                .as((stated, quarters) -> stated ? quarters : 0);
        // Without the receipt, triage's copy of the receipt time starts the clock.
        Arbitrary<Boolean> receiptDelivered = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        Arbitrary<List<DecisionPlan>> decisions = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, true), Tuple.of(1, false)),
                decisionPlan().list().ofMinSize(1).ofMaxSize(4))
                .as((triaged, plans) -> triaged ? plans : List.of());
        Arbitrary<List<AllocationPlan>> allocations = allocationPlan().list().ofMaxSize(3);
        Arbitrary<List<VisitPlan>> visits = visitPlan().list().ofMaxSize(4);
        Arbitrary<List<Moment>> cancellations = Combinators.combine(
                Arbitraries.frequency(Tuple.of(5, 0), Tuple.of(3, 1), Tuple.of(1, 2)), moment().list().ofSize(2))
                .as((count, moments) -> moments.subList(0, count));
        Arbitrary<ReferralPlan> plan = Combinators.combine(Arbitraries.integers().between(1, 999), receiptHalfHours,
                statedQuartersEarlier, receiptDelivered, decisions, allocations, visits, cancellations)
                .as((n, r, s, d, dec, a, v, c) -> new ReferralPlan(n, r, s, d, dec, a, v, c, null));
        return Combinators.combine(plan, dischargePlan()).as(ReferralPlan::with);
    }

    static Arbitrary<DischargePlan> dischargePlan() {
        Arbitrary<Kind> kind = Arbitraries.frequency(Tuple.of(5, Kind.COMMUNITY), Tuple.of(1, Kind.FROM_HOSPITAL_AT_HOME),
                Tuple.of(4, Kind.FROM_HOSPITAL_BEFORE_DISCHARGE));
        Arbitrary<List<Moment>> discharges = Combinators.combine(
                Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(6, 1), Tuple.of(1, 2)), moment().list().ofSize(2))
                .as((count, moments) -> moments.subList(0, count));
        Arbitrary<Integer> days = Arbitraries.integers().between(0, 6).injectNull(0.3);
        return Combinators.combine(kind, Arbitraries.integers().between(0, 4), discharges, moment().list().ofMaxSize(2),
                days.list().ofSize(2)).as(DischargePlan::new);
    }

    static Arbitrary<DecisionPlan> decisionPlan() {
        Arbitrary<Boolean> keeps = Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true));
        Arbitrary<ResponseStandard> standard = Arbitraries.of(ResponseStandard.class).injectNull(0.25);
        return Combinators.combine(moment(), keeps, standard).as(DecisionPlan::new);
    }

    static Arbitrary<AllocationPlan> allocationPlan() {
        return Combinators.combine(moment(), Arbitraries.of(ALL_HUBS), Arbitraries.of(AllocationMethod.class))
                .as(AllocationPlan::new);
    }

    static Arbitrary<VisitPlan> visitPlan() {
        Arbitrary<List<ChangePlan>> changes = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(3, 1), Tuple.of(1, 2)), changePlan().list().ofSize(2))
                .as((count, plans) -> plans.subList(0, count));
        return Combinators.combine(moment(), outcome(), contact(), changes).as(VisitPlan::new);
    }

    static Arbitrary<VisitOutcome> outcome() {
        return Arbitraries.frequency(
                Tuple.of(9, VisitOutcome.ATTENDED), Tuple.of(1, VisitOutcome.PATIENT_NOT_AT_HOME),
                Tuple.of(1, VisitOutcome.PATIENT_DECLINED), Tuple.of(1, VisitOutcome.CANCELLED));
    }

    static Arbitrary<ContactType> contact() {
        return Arbitraries.frequency(Tuple.of(8, ContactType.IN_PERSON), Tuple.of(1, ContactType.TELEPHONE),
                Tuple.of(1, ContactType.VIDEO));
    }

    static Arbitrary<ChangePlan> changePlan() {
        Arbitrary<ChangeKind> kind = Arbitraries.frequency(Tuple.of(3, ChangeKind.CORRECT), Tuple.of(1, ChangeKind.MOVE),
                Tuple.of(2, ChangeKind.VOID));
        return Combinators.combine(kind, moment(), outcome(), contact(), Arbitraries.integers().between(0, 14))
                .as(ChangePlan::new);
    }

    /** How far from its anchor and span a moment falls: exactly there, a minute off, or further. */
    enum Offset {
        NONE, ONE_MINUTE, QUARTERS, HOURS, DAYS
    }

    static Arbitrary<Moment> moment() {
        Arbitrary<Anchor> anchor = Arbitraries.frequency(
                Tuple.of(1, Anchor.SERVER_RECEIPT), Tuple.of(2, Anchor.STATED_RECEIPT), Tuple.of(2, Anchor.DECISION));
        Arbitrary<Span> span = Arbitraries.frequency(
                Tuple.of(3, Span.NONE), Tuple.of(3, Span.TWO_HOURS), Tuple.of(2, Span.TWO_DAYS),
                Tuple.of(1, Span.EIGHTEEN_WEEKS));
        Arbitrary<Offset> offset = Arbitraries.frequency(
                Tuple.of(4, Offset.NONE), Tuple.of(2, Offset.ONE_MINUTE), Tuple.of(2, Offset.QUARTERS),
                Tuple.of(2, Offset.HOURS), Tuple.of(1, Offset.DAYS));
        Arbitrary<Integer> minutes = Combinators.combine(offset, Arbitraries.integers().between(-3000, 3000))
                .as((kind, n) -> switch (kind) {
                    case NONE -> 0;
                    case ONE_MINUTE -> n < 0 ? -1 : 1;
                    case QUARTERS -> 15 * (n % 3);
                    case HOURS -> n % 181;
                    case DAYS -> n;
                });
        return Combinators.combine(anchor, Arbitraries.integers().between(0, 3), span, minutes).as(Moment::new);
    }

    static Arbitrary<NowPlan> nowPlan() {
        Arbitrary<NearDeadline> nearDeadline = Arbitraries.frequency(
                Tuple.of(3, NearDeadline.AT), Tuple.of(2, NearDeadline.MINUTE_BEFORE), Tuple.of(2, NearDeadline.MINUTE_AFTER),
                Tuple.of(4, NearDeadline.AT_RISK_EDGE), Tuple.of(2, NearDeadline.DAY_AFTER),
                Tuple.of(1, NearDeadline.WEEK_AFTER), Tuple.of(1, NearDeadline.FOUR_WEEKS_AFTER));
        return Combinators.combine(moment(), Arbitraries.integers().between(0, 100), nearDeadline,
                Arbitraries.integers().between(-1, 1), Arbitraries.integers().between(0, 14 * 24 * 60),
                Arbitraries.integers().between(0, 40 * 24 * 60)).as(NowPlan::new);
    }

    // ---------------------------------------------------------------- from plans to facts

    /** The facts of every referral, in business-time order, and the times each referral's moments refer to. */
    record History(List<Fact> facts, List<Anchors> anchors) {
    }

    record Anchors(Instant serverReceipt, Instant statedReceipt, List<Instant> decisions) {

        Instant resolve(Moment moment) {
            Instant anchor = switch (moment.anchor()) {
                case SERVER_RECEIPT -> serverReceipt;
                case STATED_RECEIPT -> statedReceipt;
                case DECISION -> decisions.isEmpty() ? statedReceipt : decisions.get(moment.decision() % decisions.size());
            };
            return anchor.plus(moment.span().duration).plus(Duration.ofMinutes(moment.minutes()));
        }
    }

    static History facts(Instant base, List<ReferralPlan> plans) {
        List<Fact> facts = new ArrayList<>();
        List<Anchors> anchors = new ArrayList<>();
        for (ReferralPlan plan : plans) {
            String id = referralId(plan);
            Instant server = base.plus(Duration.ofMinutes(30L * plan.receiptHalfHours()));
            Instant stated = server.minus(Duration.ofMinutes(15L * plan.statedQuartersEarlier()));
            DischargePlan discharge = plan.discharge();
            boolean fromHospital = discharge != null && discharge.kind() != Kind.COMMUNITY;
            boolean beforeDischarge = discharge != null && discharge.kind() == Kind.FROM_HOSPITAL_BEFORE_DISCHARGE;
            LocalDate receiptDay = stated.atZone(LONDON).toLocalDate();
            if (plan.receiptDelivered() || plan.decisions().isEmpty()) {
                facts.add(new Fact.Received(id, stated, fromHospital ? Origin.HOSPITAL_DISCHARGE : Origin.COMMUNITY,
                        beforeDischarge, beforeDischarge ? receiptDay.plusDays(discharge.expectedDays()) : null));
            }

            // Decisions are made after the referral reached the service; numbered in the order they were
            // made. One anchored on a decision follows the one before it.
            List<Instant> decidedAt = new ArrayList<>();
            Anchors early = new Anchors(server, stated, List.of());
            for (DecisionPlan decision : plan.decisions()) {
                Instant previous = decidedAt.isEmpty() ? server : decidedAt.get(decidedAt.size() - 1);
                Instant at = decision.at().anchor() == Anchor.DECISION
                        ? previous.plus(decision.at().span().duration)
                                .plus(Duration.ofMinutes(Math.abs(decision.at().minutes())))
                        : early.resolve(decision.at());
                decidedAt.add(latest(at, server));
            }
            decidedAt.sort(Comparator.naturalOrder());
            ResponseStandard standard = null;
            for (int d = 0; d < decidedAt.size(); d++) {
                DecisionPlan decision = plan.decisions().get(d);
                standard = d > 0 && decision.keepsStandard() ? standard : decision.standard();
                facts.add(new Fact.Decided(id, d + 1, decidedAt.get(d), stated, standard));
            }
            Anchors referral = new Anchors(server, stated, List.copyOf(decidedAt));
            anchors.add(referral);

            List<AllocationPlan> allocations = new ArrayList<>(plan.allocations());
            allocations.sort(Comparator.comparing(a -> latest(referral.resolve(a.at()), server)));
            for (int a = 0; a < allocations.size(); a++) {
                AllocationPlan allocation = allocations.get(a);
                facts.add(new Fact.Allocated(id, a + 1, latest(referral.resolve(allocation.at()), server),
                        allocation.hub(), allocation.method()));
            }
            // A visit cannot be dated before the referral was received; clamping makes visits at the very start frequent.
            for (int v = 0; v < plan.visits().size(); v++) {
                VisitPlan visit = plan.visits().get(v);
                String visitId = UUID.nameUUIDFromBytes((id + "-v" + (v + 1)).getBytes(StandardCharsets.UTF_8)).toString();
                Fact.Visited current = new Fact.Visited(id, visitId, latest(referral.resolve(visit.at()), stated),
                        visit.outcome(), visit.contact(), 0);
                facts.add(current);
                // Each change as hub-allocation-service announces it, one revision higher than the last.
                int revision = 0;
                for (ChangePlan change : visit.changes()) {
                    revision++;
                    Instant changedAt = latest(referral.resolve(change.at()), current.visitedAt());
                    String to = referralId(plans.get(change.toReferral() % plans.size()));
                    if (change.kind() == ChangeKind.VOID) {
                        facts.add(new Fact.VisitVoided(current.referralId(), visitId, revision, changedAt));
                        break;
                    }
                    if (change.kind() == ChangeKind.MOVE && !to.equals(current.referralId())) {
                        facts.add(new Fact.VisitVoided(current.referralId(), visitId, revision, changedAt));
                        current = new Fact.Visited(to, visitId, current.visitedAt(), current.outcome(),
                                current.contactType(), revision);
                    } else {
                        current = new Fact.Visited(current.referralId(), visitId,
                                latest(referral.resolve(change.at()), stated), change.outcome(), change.contact(), revision);
                    }
                    facts.add(current);
                }
            }
            // Cancelled once, or (a producer's mistake) twice at different times: the earlier counts. Half
            // of them are closures of the episode by hub staff instead, which end the clocks alike; a
            // referral with two has one of each (by its number, so that shrinking keeps the kind).
            List<Instant> endings = plan.cancellations().stream().map(c -> latest(referral.resolve(c), stated))
                    .distinct().toList();
            for (int k = 0; k < endings.size(); k++) {
                facts.add((plan.number() + k) % 2 == 1 ? new Fact.EpisodeClosed(id, endings.get(k))
                        : new Fact.Cancelled(id, endings.get(k)));
            }
            // Discharged (never before the referral), and the expected date moved while waiting.
            if (beforeDischarge) {
                discharge.discharges().stream().map(d -> latest(referral.resolve(d), stated)).distinct()
                        .forEach(at -> facts.add(new Fact.Discharged(id, at)));
                for (int m = 0; m < discharge.delays().size(); m++) {
                    Integer days = discharge.delayedDays().get(m);
                    facts.add(new Fact.DischargeDelayed(id, latest(referral.resolve(discharge.delays().get(m)), server),
                            days == null ? null : receiptDay.plusDays(days)));
                }
            }
        }
        List<Fact> ordered = new ArrayList<>(facts);
        ordered.sort(Comparator.comparing(Scenarios::businessTime)); // stable: a referral's facts keep their order on ties
        return new History(List.copyOf(ordered), List.copyOf(anchors));
    }

    /** Ids are UUIDs in the contract: one per referral number, the same in every run. */
    static String referralId(ReferralPlan plan) {
        return UUID.nameUUIDFromBytes(("r" + plan.number()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static List<Instant> nows(Instant base, History history, NowPlan plan) {
        Instant last = history.facts().stream().map(Scenarios::businessTime).max(Comparator.naturalOrder()).orElseThrow();
        return Stream.of(history.anchors().get(0).resolve(plan.nearFirstReferral()),
                nearSomeDeadline(history, plan),
                base.plus(Duration.ofMinutes(plan.minutesAfterStart())),
                last.plus(Duration.ofMinutes(plan.minutesAfterLastFact())))
                .sorted().toList();
    }

    /**
     * A time near the deadline of a clock some decision may have started (at the receipt or at the
     * decision). The generator only aims: whether that clock exists is the rules' business.
     */
    static Instant nearSomeDeadline(History history, NowPlan plan) {
        List<Fact.Decided> decisions = history.facts().stream()
                .filter(f -> f instanceof Fact.Decided d && d.standard() != null).map(f -> (Fact.Decided) f).toList();
        if (decisions.isEmpty()) {
            return history.anchors().get(0).statedReceipt();
        }
        Fact.Decided decision = decisions.get(plan.deadline() % decisions.size());
        Instant start = plan.deadline() % 2 == 0 ? decision.receivedAt() : decision.decidedAt();
        // A third of the time, the clock a confirmed discharge started.
        Instant discharged = history.facts().stream().filter(f -> f instanceof Fact.Discharged
                && f.referralId().equals(decision.referralId())).map(Scenarios::businessTime).findFirst().orElse(null);
        if (discharged != null && plan.deadline() % 3 == 0) {
            start = discharged;
        }
        Instant deadline = start.plus(DURATIONS.get(decision.standard()));
        Duration offset = plan.nearDeadline() == NearDeadline.AT_RISK_EDGE
                ? AT_RISK.get(decision.standard()).plusMinutes(plan.atRiskEdgeMinutes()).negated()
                : plan.nearDeadline().offset;
        return deadline.plus(offset);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    // ---------------------------------------------------------------- deliveries

    /**
     * How to deliver a history, in a few numbers that shrink towards "in business-time order, in
     * one batch, no duplicates, no reads in between". What happens to each fact (its place when
     * shuffled, whether it comes twice, whether a batch ends after it, whether the board is read
     * then) is drawn from the seed and the fact itself, so that it stays the same when shrinking
     * removes other facts.
     *
     * @param shuffled          whether the facts arrive in random order, or in business-time order
     * @param duplicatesPercent the chance that a fact is delivered a second time
     * @param cutsPercent       the chance that a batch ends after a fact
     * @param readsPercent      the chance that the board is read between two batches
     */
    record DeliveryPlan(long seed, boolean shuffled, int duplicatesPercent, int cutsPercent, int readsPercent) {
    }

    static Arbitrary<DeliveryPlan> deliveryPlan() {
        Arbitrary<Boolean> shuffled = Arbitraries.frequency(Tuple.of(1, false), Tuple.of(5, true));
        Arbitrary<Integer> cutsPercent = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, false), Tuple.of(1, true)), Arbitraries.integers().between(1, 100))
                .as((inOneGo, percent) -> inOneGo ? 0 : percent);
        return Combinators.combine(Arbitraries.longs(), shuffled, Arbitraries.integers().between(0, 30), cutsPercent,
                Arbitraries.integers().between(0, 100)).as(DeliveryPlan::new);
    }

    /** A fact as it is delivered: once or twice (copy 0 or 1). */
    private record Delivered(Fact fact, int copy) {
    }

    static List<Step> delivery(List<Fact> facts, DeliveryPlan plan, Instant firstNow) {
        List<Delivered> all = new ArrayList<>();
        for (Fact fact : facts) {
            all.add(new Delivered(fact, 0));
            if (draw(plan, fact, 1, 100) < plan.duplicatesPercent()) {
                all.add(new Delivered(fact, 1));
            }
        }
        if (plan.shuffled()) {
            all.sort(Comparator.comparingLong(d -> draw(plan, d.fact(), 2 + d.copy(), Long.MAX_VALUE)));
        }

        List<List<Fact>> batches = new ArrayList<>();
        List<Instant> readTimes = new ArrayList<>(); // one for each batch the board is read before
        List<Boolean> readBefore = new ArrayList<>();
        List<Fact> batch = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Delivered delivered = all.get(i);
            batch.add(delivered.fact());
            boolean last = i == all.size() - 1;
            if (last || draw(plan, delivered.fact(), 4 + delivered.copy(), 100) < plan.cutsPercent()) {
                batches.add(List.copyOf(batch));
                batch.clear();
                boolean read = !last && draw(plan, delivered.fact(), 6 + delivered.copy(), 100) < plan.readsPercent();
                readBefore.add(read);
                if (read) {
                    readTimes.add(firstNow.minus(Duration.ofMinutes(draw(plan, delivered.fact(), 8, 10 * 24 * 60 + 1))));
                }
            }
        }
        // The board is read at times going forward, all at or before the first final read.
        readTimes.sort(Comparator.naturalOrder());
        List<Step> steps = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            boolean read = b > 0 && readBefore.get(b - 1);
            steps.add(new Step(read ? readTimes.remove(0) : null, batches.get(b)));
        }
        return steps;
    }

    /** A number in [0, bound) drawn from the seed, the fact and what it is for; the same in every JVM. */
    private static long draw(DeliveryPlan plan, Fact fact, int purpose, long bound) {
        long mixed = new SplittableRandom(plan.seed() * 1_000_003L + describe(fact).hashCode() * 31L + purpose).nextLong();
        return Math.floorMod(mixed, bound);
    }
}
