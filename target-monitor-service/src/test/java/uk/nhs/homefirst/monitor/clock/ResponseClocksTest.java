package uk.nhs.homefirst.monitor.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_DAY;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;

/** One test per rule of the response clock, and its edges. */
class ResponseClocksTest {

    static final String R = "3f1e9a52-8c1b-4d7e-9a0f-2b6c5d4e3f21";
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final ClockRules RULES = ClockRules.defaults();

    static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    static Fact.Received received(Instant at) {
        return new Fact.Received(R, at);
    }

    static Fact.Decided decided(int number, Instant at, ResponseStandard standard) {
        return new Fact.Decided(R, number, at, T0, standard);
    }

    static Fact.Allocated allocated(int number, Instant at, String hub, AllocationMethod method) {
        return new Fact.Allocated(R, number, at, hub, method);
    }

    static Fact.Visited visited(String id, Instant at, VisitOutcome outcome) {
        return new Fact.Visited(R, id, at, outcome);
    }

    static Fact.Cancelled cancelled(Instant at) {
        return new Fact.Cancelled(R, at);
    }

    static Fact.EpisodeClosed closed(Instant at) {
        return new Fact.EpisodeClosed(R, at);
    }

    static Evaluation evaluate(Fact... facts) {
        return evaluate(RULES, facts);
    }

    static Evaluation evaluate(ClockRules rules, Fact... facts) {
        ReferralHistory history = new ReferralHistory(R);
        for (Fact fact : facts) {
            history.add(fact);
        }
        return ResponseClocks.evaluate(history, rules);
    }

    static ResponseClock only(Evaluation evaluation) {
        assertThat(evaluation.clocks()).hasSize(1);
        return evaluation.clocks().get(0);
    }

    @Nested
    class Start {

        @Test
        void theFirstDecisionStartsItsStandardsClockAtReceipt() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, at("10M"), TWO_HOUR)));
            assertThat(clock.standard()).isEqualTo(TWO_HOUR);
            assertThat(clock.startedAt()).isEqualTo(T0);
            assertThat(clock.deadline()).isEqualTo(at("2H"));
        }

        @Test
        void aStatedEarlierReceiptStartsTheClockThen() {
            Instant stated = T0.minus(Duration.ofHours(3));
            ResponseClock clock = only(evaluate(received(stated), decided(1, T0, TWO_HOUR)));
            assertThat(clock.startedAt()).isEqualTo(stated);
            assertThat(clock.status(T0)).isEqualTo(ClockStatus.BREACHED);
        }

        @Test
        void theReceiptRepeatedByTriageStartsTheClockWhenReceiptHasNotArrived() {
            ResponseClock clock = only(evaluate(new Fact.Decided(R, 1, at("5M"), T0, TWO_HOUR)));
            assertThat(clock.startedAt()).isEqualTo(T0);
        }

        @Test
        void aPathwayWithoutAStandardHasNoClock() {
            assertThat(evaluate(received(T0), decided(1, at("5M"), null)).clocks()).isEmpty();
        }

        @Test
        void aReferralNotYetTriagedHasNoClockButIsAwaitingTriage() {
            Evaluation evaluation = evaluate(received(T0));
            assertThat(evaluation.clocks()).isEmpty();
            assertThat(evaluation.awaitingTriageSince()).isEqualTo(T0);
        }

        @Test
        void aCancelledUntriagedReferralIsNotAwaitingTriage() {
            assertThat(evaluate(received(T0), cancelled(at("1H"))).awaitingTriageSince()).isNull();
        }

        @Test
        void aTriagedReferralIsNotAwaitingTriage() {
            assertThat(evaluate(received(T0), decided(1, at("1M"), null)).awaitingTriageSince()).isNull();
        }

        @Test
        void twoDaysAreFortyEightHoursByDefaultAndConfigurable() {
            assertThat(only(evaluate(received(T0), decided(1, T0, TWO_DAY))).deadline()).isEqualTo(at("48H"));

            Map<ResponseStandard, Duration> durations = new EnumMap<>(RULES.durations());
            durations.put(TWO_DAY, Duration.ofHours(50));
            assertThat(only(evaluate(new ClockRules(durations), received(T0), decided(1, T0, TWO_DAY))).deadline())
                    .isEqualTo(at("50H"));
        }
    }

    @Nested
    class Stop {

        @Test
        void theFirstAttendedVisitStopsTheClock() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v2", at("1H50M"), VisitOutcome.ATTENDED), visited("v1", at("1H30M"), VisitOutcome.ATTENDED)));
            assertThat(clock.stoppedAt()).isEqualTo(at("1H30M"));
            assertThat(clock.status(at("3H"))).isEqualTo(ClockStatus.MET);
            assertThat(clock.resolvedAt(at("3H"))).isEqualTo(at("1H30M"));
        }

        @Test
        void visitsThatAreNotAttendedDoNotStopTheClock() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v1", at("30M"), VisitOutcome.PATIENT_NOT_AT_HOME),
                    visited("v2", at("40M"), VisitOutcome.CANCELLED),
                    visited("v3", at("50M"), VisitOutcome.PATIENT_DECLINED)));
            assertThat(clock.stoppedAt()).isNull();
            assertThat(clock.status(at("1H"))).isEqualTo(ClockStatus.PENDING);
            assertThat(clock.status(at("2H"))).isEqualTo(ClockStatus.BREACHED);
        }

        @Test
        void aNotAtHomeVisitThenAnAttendedOneInTimeIsMet() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v1", at("30M"), VisitOutcome.PATIENT_NOT_AT_HOME),
                    visited("v2", at("1H45M"), VisitOutcome.ATTENDED)));
            assertThat(clock.status(at("3H"))).isEqualTo(ClockStatus.MET);
            assertThat(clock.resolvedAt(at("3H"))).isEqualTo(at("1H45M"));
        }

        @Test
        void aVisitBeforeTheClocksStartDoesNotStopIt() {
            // A re-triage started the second clock at 1h; the attended visit at 30m belongs to the first.
            Evaluation evaluation = evaluate(received(T0), decided(1, T0, TWO_DAY), decided(2, at("1H"), TWO_HOUR),
                    visited("v1", at("30M"), VisitOutcome.ATTENDED));
            assertThat(evaluation.clocks().get(1).stoppedAt()).isNull();
        }
    }

    @Nested
    class MetOrBreached {

        @Test
        void aVisitExactlyAtTheDeadlineIsMet() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("2H"), VisitOutcome.ATTENDED)));
            assertThat(clock.status(at("2H"))).isEqualTo(ClockStatus.MET);
        }

        @Test
        void aVisitOneMillisecondLateIsABreachAtTheDeadline() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("2H").plusMillis(1), VisitOutcome.ATTENDED)));
            assertThat(clock.status(at("3H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(clock.resolvedAt(at("3H"))).isEqualTo(at("2H"));
        }

        @Test
        void withoutAVisitTheClockIsPendingUntilTheDeadlineAndBreachedFromIt() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR)));
            assertThat(clock.status(at("2H").minusMillis(1))).isEqualTo(ClockStatus.PENDING);
            assertThat(clock.resolvedAt(at("2H").minusMillis(1))).isNull();
            assertThat(clock.status(at("2H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(clock.resolvedAt(at("5H"))).isEqualTo(at("2H"));
        }

        @Test
        void aLateEventWithAnEarlierBusinessTimeCorrectsABreach() {
            Fact[] before = { received(T0), decided(1, T0, TWO_HOUR) };
            assertThat(only(evaluate(before)).status(at("4H"))).isEqualTo(ClockStatus.BREACHED);

            ResponseClock corrected = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("recorded-late", at("1H"), VisitOutcome.ATTENDED)));
            assertThat(corrected.status(at("4H"))).isEqualTo(ClockStatus.MET);
        }
    }

    @Nested
    class Cancellation {

        @Test
        void cancelledBeforeTheDeadlineIsExcludedAtTheCancellation() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("1H"))));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
            assertThat(clock.resolvedAt(at("5H"))).isEqualTo(at("1H"));
            assertThat(clock.exclusionReason()).isEqualTo(ExclusionReason.CANCELLED);
        }

        @Test
        void cancelledAfterTheDeadlineWithoutAVisitIsABreach() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("3H"))));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(clock.resolvedAt(at("5H"))).isEqualTo(at("2H"));
        }

        @Test
        void cancelledExactlyAtTheDeadlineIsABreach() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("2H"))));
            assertThat(clock.status(at("2H"))).isEqualTo(ClockStatus.BREACHED);
        }

        @Test
        void aMetClockStaysMetWhenCancelledLater() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("1H"), VisitOutcome.ATTENDED), cancelled(at("1H30M"))));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.MET);
        }

        @Test
        void aVisitAfterTheCancellationDoesNotMeetTheExcludedClock() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("30M")),
                    visited("v", at("1H"), VisitOutcome.ATTENDED)));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
        }

        @Test
        void noClockStartsAfterTheCancellation() {
            Evaluation evaluation = evaluate(received(T0), decided(1, T0, null), cancelled(at("1H")),
                    decided(2, at("2H"), TWO_HOUR));
            assertThat(evaluation.clocks()).isEmpty();
        }

        @Test
        void theEarliestOfTwoCancellationsCounts() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("3H")),
                    cancelled(at("1H"))));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
        }
    }

    /** A closed episode ends the referral for its clocks as a cancellation does (the same path in the rules). */
    @Nested
    class EpisodeClosure {

        @Test
        void anOpenClockIsExcludedAtTheClosure() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), closed(at("1H"))));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
            assertThat(clock.resolvedAt(at("5H"))).isEqualTo(at("1H"));
            assertThat(clock.exclusionReason()).isEqualTo(ExclusionReason.EPISODE_CLOSED);
        }

        @Test
        void aClockBreachedBeforeTheClosureStaysBreachedAndAMetOneMet() {
            ResponseClock breached = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), closed(at("3H"))));
            assertThat(breached.status(at("5H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(breached.resolvedAt(at("5H"))).isEqualTo(at("2H"));
            ResponseClock met = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("1H"), VisitOutcome.ATTENDED), closed(at("1H30M"))));
            assertThat(met.status(at("5H"))).isEqualTo(ClockStatus.MET);
            assertThat(met.exclusionReason()).isNull();
        }

        @Test
        void aVisitAfterTheClosureMeetsNothingAndNoClockStartsAfterIt() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), closed(at("30M")),
                    visited("v", at("1H"), VisitOutcome.ATTENDED)));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
            assertThat(evaluate(received(T0), decided(1, T0, null), closed(at("1H")), decided(2, at("2H"), TWO_HOUR))
                    .clocks()).isEmpty();
        }

        @Test
        void theEarlierOfACancellationAndAClosureExcludesTheClockWithItsReason() {
            ResponseClock cancelledFirst = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), closed(at("1H")),
                    cancelled(at("30M"))));
            assertThat(cancelledFirst.exclusionReason()).isEqualTo(ExclusionReason.CANCELLED);
            assertThat(cancelledFirst.resolvedAt(at("5H"))).isEqualTo(at("30M"));
            ResponseClock closedFirst = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), cancelled(at("1H")),
                    closed(at("30M")), closed(at("1H30M"))));
            assertThat(closedFirst.exclusionReason()).isEqualTo(ExclusionReason.EPISODE_CLOSED);
            assertThat(closedFirst.resolvedAt(at("5H"))).isEqualTo(at("30M"));
        }

        @Test
        void aClosedReferralAwaitsNeitherTriageNorDischarge() {
            assertThat(evaluate(received(T0), closed(at("1H"))).awaitingTriageSince()).isNull();
            Evaluation waiting = evaluate(new Fact.Received(R, T0, Origin.HOSPITAL_DISCHARGE, true, null),
                    decided(1, at("10M"), TWO_DAY), closed(at("1H")));
            assertThat(waiting.awaitingDischarge()).isNull();
            assertThat(waiting.clocks()).isEmpty();
        }
    }

    @Nested
    class Retriage {

        @Test
        void aChangeOfStandardExcludesTheOpenClockAndStartsANewOneAtTheDecision() {
            Evaluation evaluation = evaluate(received(T0), decided(1, T0, TWO_HOUR), decided(2, at("1H"), TWO_DAY));
            assertThat(evaluation.clocks()).hasSize(2);
            ResponseClock first = evaluation.clocks().get(0);
            ResponseClock second = evaluation.clocks().get(1);
            assertThat(first.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
            assertThat(first.exclusionReason()).isEqualTo(ExclusionReason.RETRIAGED);
            assertThat(first.resolvedAt(at("5H"))).isEqualTo(at("1H"));
            assertThat(second.standard()).isEqualTo(TWO_DAY);
            assertThat(second.startedAt()).isEqualTo(at("1H"));
            assertThat(second.deadline()).isEqualTo(at("49H"));
            assertThat(second.sequence()).isEqualTo(2);
        }

        @Test
        void aChangeToNoStandardExcludesTheClockAndStartsNone() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR), decided(2, at("1H"), null)));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
        }

        @Test
        void aChangeFromNoStandardStartsAClockAtTheDecision() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, null), decided(2, at("1H"), TWO_HOUR)));
            assertThat(clock.startedAt()).isEqualTo(at("1H"));
            assertThat(clock.deadline()).isEqualTo(at("3H"));
        }

        @Test
        void aDecisionKeepingTheStandardChangesNothing() {
            Evaluation once = evaluate(received(T0), decided(1, T0, TWO_DAY));
            Evaluation again = evaluate(received(T0), decided(1, T0, TWO_DAY), decided(2, at("3H"), TWO_DAY));
            assertThat(again).isEqualTo(once);
        }

        @Test
        void aResolvedClockIsNotChangedByALaterRetriage() {
            Evaluation evaluation = evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("1H"), VisitOutcome.ATTENDED), decided(2, at("3H"), TWO_DAY));
            assertThat(evaluation.clocks().get(0).status(at("4H"))).isEqualTo(ClockStatus.MET);

            Evaluation breached = evaluate(received(T0), decided(1, T0, TWO_HOUR), decided(2, at("3H"), TWO_DAY));
            assertThat(breached.clocks().get(0).status(at("4H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(breached.clocks().get(0).resolvedAt(at("4H"))).isEqualTo(at("2H"));
        }

        @Test
        void aRetriageAtTheVeryMomentOfTheVisitLeavesTheClockMet() {
            ResponseClock first = evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    visited("v", at("1H"), VisitOutcome.ATTENDED), decided(2, at("1H"), TWO_DAY)).clocks().get(0);
            assertThat(first.status(at("4H"))).isEqualTo(ClockStatus.MET);
        }

        @Test
        void decisionsCountInTheOrderTriageNumberedThem() {
            // The automatic decision 1 was processed at 3h; a clinician's decision 2, made on the phone at 1h and
            // typed in later, overrules it.
            Evaluation evaluation = evaluate(received(T0), decided(1, at("3H"), TWO_DAY), decided(2, at("1H"), TWO_HOUR));
            assertThat(evaluation.clocks()).extracting(ResponseClock::standard).containsExactly(TWO_DAY, TWO_HOUR);
            assertThat(evaluation.clocks().get(0).status(at("5H"))).isEqualTo(ClockStatus.EXCLUDED);
            assertThat(evaluation.clocks().get(0).resolvedAt(at("5H"))).isEqualTo(at("1H"));
            assertThat(evaluation.clocks().get(1).startedAt()).isEqualTo(at("1H"));
        }
    }

    @Nested
    class Attribution {

        @Test
        void aClockCountsForTheHubHoldingTheReferralAtResolution() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    allocated(1, at("5M"), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT),
                    allocated(2, at("1H"), "melton-rutland", AllocationMethod.MANUAL),
                    visited("v", at("1H30M"), VisitOutcome.ATTENDED)));
            assertThat(clock.hub(at("5H"))).isEqualTo("melton-rutland");
        }

        @Test
        void aReallocationAfterResolutionDoesNotMoveTheClock() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    allocated(1, at("5M"), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT),
                    allocated(2, at("3H"), "melton-rutland", AllocationMethod.MANUAL)));
            assertThat(clock.status(at("5H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(clock.hub(at("5H"))).isEqualTo("charnwood-nwl");
        }

        @Test
        void aPendingClockCountsForTheCurrentHub() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_DAY),
                    allocated(1, at("5M"), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT),
                    allocated(2, at("3H"), "melton-rutland", AllocationMethod.MANUAL)));
            assertThat(clock.hub(at("4H"))).isEqualTo("melton-rutland");
        }

        @Test
        void aBreachBeforeAnyHubTookTheReferralCountsAsUnallocated() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    allocated(1, at("3H"), "city-north-west", AllocationMethod.MANUAL)));
            assertThat(clock.hub(at("4H"))).isEqualTo(ResponseClock.UNALLOCATED);
        }

        @Test
        void aReferralNoHubTookCountsAsUnallocatedWhilePendingToo() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR)));
            assertThat(clock.hub(at("1H"))).isEqualTo(ResponseClock.UNALLOCATED);
        }

        @Test
        void anAllocationByPostcodeDistrictHoldsFromReceipt() {
            // The referrer stated a receipt three hours back; the hub covering the district took it now.
            Instant stated = T0.minus(Duration.ofHours(3));
            ResponseClock clock = only(evaluate(received(stated), decided(1, T0, TWO_HOUR),
                    allocated(1, T0, "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT)));
            assertThat(clock.status(T0)).isEqualTo(ClockStatus.BREACHED);
            assertThat(clock.hub(T0)).isEqualTo("charnwood-nwl");
        }

        @Test
        void anExcludedClockCountsForTheHubAtTheExclusion() {
            ResponseClock clock = only(evaluate(received(T0), decided(1, T0, TWO_HOUR),
                    allocated(1, at("5M"), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT),
                    cancelled(at("1H")), allocated(2, at("1H30M"), "melton-rutland", AllocationMethod.MANUAL)));
            assertThat(clock.hub(at("5H"))).isEqualTo("charnwood-nwl");
        }
    }

    @Nested
    class Disorder {

        @Test
        void everyArrivalOrderAndDuplicateGivesTheSameClocks() {
            List<Fact> facts = List.of(received(T0), decided(1, at("5M"), TWO_HOUR),
                    allocated(1, at("6M"), "charnwood-nwl", AllocationMethod.POSTCODE_DISTRICT),
                    visited("v1", at("40M"), VisitOutcome.PATIENT_NOT_AT_HOME), decided(2, at("1H"), TWO_DAY),
                    allocated(2, at("2H"), "melton-rutland", AllocationMethod.MANUAL),
                    visited("v2", at("20H"), VisitOutcome.ATTENDED), cancelled(at("30H")));
            Evaluation inOrder = evaluate(facts.toArray(Fact[]::new));

            Random random = new Random(42);
            for (int i = 0; i < 500; i++) {
                List<Fact> shuffled = new ArrayList<>(facts);
                shuffled.add(facts.get(random.nextInt(facts.size())));
                shuffled.add(facts.get(random.nextInt(facts.size())));
                Collections.shuffle(shuffled, random);
                assertThat(evaluate(shuffled.toArray(Fact[]::new))).isEqualTo(inOrder);
            }
            assertThat(inOrder.clocks()).extracting(c -> c.status(at("40H")))
                    .containsExactly(ClockStatus.EXCLUDED, ClockStatus.MET);
        }

        @Test
        void aDuplicateFactChangesNothing() {
            ReferralHistory history = new ReferralHistory(R);
            assertThat(history.add(visited("v", at("1H"), VisitOutcome.ATTENDED))).isTrue();
            assertThat(history.add(visited("v", at("1H"), VisitOutcome.ATTENDED))).isFalse();
            assertThat(history.add(decided(1, T0, TWO_HOUR))).isTrue();
            assertThat(history.add(decided(1, T0, TWO_HOUR))).isFalse();
            assertThat(history.add(received(T0))).isTrue();
            assertThat(history.add(received(T0))).isFalse();
        }

        @Test
        void twoVersionsOfOneFactResolveToTheEarlierWhateverTheOrder() {
            Fact.Visited early = visited("v", at("1H"), VisitOutcome.ATTENDED);
            Fact.Visited late = visited("v", at("3H"), VisitOutcome.ATTENDED);
            assertThat(evaluate(received(T0), decided(1, T0, TWO_HOUR), early, late))
                    .isEqualTo(evaluate(received(T0), decided(1, T0, TWO_HOUR), late, early));
        }
    }

    /** Hospital discharge to assess: the clocks start at the confirmed discharge, never before. */
    @Nested
    class DischargeToAssess {

        final java.time.LocalDate expected = java.time.LocalDate.of(2026, 11, 25);

        Fact.Received fromHospitalBeforeDischarge(Instant at) {
            return new Fact.Received(R, at, Origin.HOSPITAL_DISCHARGE, true, expected);
        }

        Fact.Discharged discharged(Instant at) {
            return new Fact.Discharged(R, at);
        }

        @Test
        void untilTheDischargeNoClockRunsAndTheReferralAwaitsItWithItsExpectedDate() {
            Evaluation waiting = evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY));

            assertThat(waiting.clocks()).isEmpty();
            assertThat(waiting.awaitingDischarge()).isEqualTo(new AwaitingDischarge(T0, expected));
            assertThat(waiting.origin()).isEqualTo(Origin.HOSPITAL_DISCHARGE);
            assertThat(evaluate(fromHospitalBeforeDischarge(T0)).awaitingDischarge())
                    .as("awaiting triage and discharge at once").isNotNull();
        }

        @Test
        void theClockStartsAtTheConfirmedDischargeAndRunsTwoDaysFromIt() {
            ResponseClock clock = only(evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY),
                    discharged(at("100H"))));

            assertThat(clock.startedAt()).isEqualTo(at("100H"));
            assertThat(clock.deadline()).isEqualTo(at("148H"));
            assertThat(clock.status(at("147H"))).isEqualTo(ClockStatus.PENDING);
            assertThat(clock.status(at("148H"))).isEqualTo(ClockStatus.BREACHED);
            assertThat(evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY), discharged(at("100H")))
                    .awaitingDischarge()).isNull();
        }

        @Test
        void aVisitWhileThePatientWasStillInHospitalDoesNotStopTheClock() {
            ResponseClock clock = only(evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY),
                    visited("ward", at("20H"), VisitOutcome.ATTENDED), discharged(at("30H")),
                    visited("home", at("40H"), VisitOutcome.ATTENDED)));

            assertThat(clock.stoppedAt()).isEqualTo(at("40H"));
            assertThat(clock.settled()).isEqualTo(ClockStatus.MET);
        }

        @Test
        void aDischargeBeforeTheDecisionStartsTheClockAtTheDischargeAndAnyOrderGivesTheSame() {
            Fact[] facts = {fromHospitalBeforeDischarge(T0), discharged(at("2H")), decided(1, at("5H"), TWO_DAY)};
            Evaluation inOrder = evaluate(facts);

            assertThat(only(inOrder).startedAt()).isEqualTo(at("2H"));
            assertThat(evaluate(facts[2], facts[1], facts[0])).isEqualTo(inOrder);
            assertThat(evaluate(facts[1], facts[2], facts[0], facts[1])).isEqualTo(inOrder);
        }

        @Test
        void aDischargeConfirmedBeforeTheReceiptArrivesAlreadyHoldsTheClockBack() {
            // Triage's copy of the receipt is all there is: the discharge itself says the referral waited for one.
            ResponseClock clock = only(evaluate(decided(1, at("10M"), TWO_DAY), discharged(at("30H"))));

            assertThat(clock.startedAt()).isEqualTo(at("30H"));
        }

        @Test
        void ofTwoConfirmationsTheEarlierStandsWhateverTheOrder() {
            Evaluation one = evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY),
                    discharged(at("30H")), discharged(at("31H")));
            Evaluation other = evaluate(discharged(at("31H")), fromHospitalBeforeDischarge(T0),
                    discharged(at("30H")), decided(1, at("10M"), TWO_DAY));

            assertThat(one).isEqualTo(other);
            assertThat(only(one).startedAt()).isEqualTo(at("30H"));
        }

        @Test
        void aCancellationBeforeTheDischargeLeavesNoClockAndNothingAwaiting() {
            Evaluation cancelled = evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY),
                    cancelled(at("20H")), discharged(at("30H")));

            assertThat(cancelled.clocks()).isEmpty();
            assertThat(evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_DAY), cancelled(at("20H")))
                    .awaitingDischarge()).isNull();
        }

        @Test
        void aPathwayWithNoStandardAwaitsNoDischargeForItHasNoClockToStart() {
            assertThat(evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), null)).awaitingDischarge()).isNull();
        }

        @Test
        void aReTriageBeforeTheDischargeSupersedesAClockThatNeverRan() {
            Evaluation evaluation = evaluate(fromHospitalBeforeDischarge(T0), decided(1, at("10M"), TWO_HOUR),
                    decided(2, at("5H"), TWO_DAY), discharged(at("30H")));

            assertThat(only(evaluation).standard()).isEqualTo(TWO_DAY);
            assertThat(only(evaluation).startedAt()).isEqualTo(at("30H"));
        }

        @Test
        void theExpectedDateIsTheOneMovedLast() {
            ReferralHistory history = new ReferralHistory(R);
            history.add(new Fact.DischargeDelayed(R, at("30H"), null));
            history.add(fromHospitalBeforeDischarge(T0));
            history.add(new Fact.DischargeDelayed(R, at("20H"), expected.plusDays(3)));

            assertThat(ResponseClocks.evaluate(history, RULES).awaitingDischarge())
                    .as("cancelled last, with no new date").isEqualTo(new AwaitingDischarge(T0, null));
            assertThat(history.add(new Fact.DischargeDelayed(R, at("20H"), expected.plusDays(3)))).isFalse();
        }

        @Test
        void aCommunityReferralStartsAtReceiptAsEver() {
            Evaluation community = evaluate(received(T0), decided(1, at("10M"), TWO_DAY));
            assertThat(only(community).startedAt()).isEqualTo(T0);
            assertThat(community.origin()).isEqualTo(Origin.COMMUNITY);
            assertThat(community.awaitingDischarge()).isNull();
        }
    }
}
