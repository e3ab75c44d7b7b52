package uk.nhs.homefirst.referral.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.SendBackReason;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.referral.store.ReferralStatus;

class ProgressTest {

    private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");
    private static final Milestone RECEIVED = Milestone.received(T);
    private static final Milestone TRIAGED = Milestone.triaged("d1", 1, T.plusSeconds(600),
            Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR);
    private static final Milestone RETRIAGED = Milestone.triaged("d2", 2, T.plusSeconds(3000),
            Pathway.HOME_FIRST_REABLEMENT, ResponseStandard.TWO_DAY);
    private static final Milestone ALLOCATED = Milestone.allocated("a1", 1, T.plusSeconds(900), "hub-charnwood",
            Pathway.URGENT_CRISIS_RESPONSE);
    private static final Milestone REALLOCATED = Milestone.allocated("a2", 2, T.plusSeconds(1200), "hub-melton",
            Pathway.URGENT_CRISIS_RESPONSE);
    private static final Milestone NOT_AT_HOME = Milestone.visit("v1", T.plusSeconds(2400), "hub-melton",
            VisitOutcome.PATIENT_NOT_AT_HOME);
    private static final Milestone ATTENDED = Milestone.visit("v2", T.plusSeconds(3600), "hub-melton",
            VisitOutcome.ATTENDED);
    private static final Milestone CANCELLED = Milestone.cancelled(T.plusSeconds(7200),
            CancellationReason.PATIENT_ADMITTED, null);

    @Test
    void theStatusIsTheFurthestStageReached() {
        assertThat(Progress.status(List.of(RECEIVED))).isEqualTo(ReferralStatus.RECEIVED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED))).isEqualTo(ReferralStatus.TRIAGED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED))).isEqualTo(ReferralStatus.ALLOCATED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, NOT_AT_HOME)))
                .as("a visit that did not see the patient").isEqualTo(ReferralStatus.ALLOCATED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, NOT_AT_HOME, ATTENDED)))
                .isEqualTo(ReferralStatus.VISITED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, ATTENDED, CANCELLED)))
                .as("cancelled is final, even after a visit").isEqualTo(ReferralStatus.CANCELLED);
        assertThat(Progress.status(List.of(RECEIVED, CANCELLED))).isEqualTo(ReferralStatus.CANCELLED);
    }

    @Test
    void aReTriageAfterTheAllocationDoesNotUndoIt() {
        List<Milestone> milestones = List.of(RECEIVED, TRIAGED, ALLOCATED, RETRIAGED);
        assertThat(Progress.status(milestones)).isEqualTo(ReferralStatus.ALLOCATED);
        assertThat(Progress.currentDecision(milestones)).contains(RETRIAGED);
    }

    @Test
    void theCurrentDecisionAndAllocationAreTheHighestNumberedWhateverTheirArrival() {
        List<Milestone> milestones = List.of(REALLOCATED, RETRIAGED, RECEIVED, ALLOCATED, TRIAGED);
        assertThat(Progress.currentDecision(milestones).orElseThrow().pathway()).isEqualTo(Pathway.HOME_FIRST_REABLEMENT);
        assertThat(Progress.currentAllocation(milestones).orElseThrow().hubId()).isEqualTo("hub-melton");
        assertThat(Progress.currentAllocation(List.of(RECEIVED))).isEmpty();
    }

    @Test
    void anyArrivalOrderGivesTheSameStatusAndTimelineInBusinessTimeOrder() {
        List<Milestone> all = List.of(RECEIVED, TRIAGED, ALLOCATED, REALLOCATED, NOT_AT_HOME, RETRIAGED, ATTENDED, CANCELLED);
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            List<Milestone> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, random);
            assertThat(Progress.status(shuffled)).isEqualTo(ReferralStatus.CANCELLED);
            assertThat(Progress.timeline(shuffled)).containsExactly(RECEIVED, TRIAGED, ALLOCATED, REALLOCATED,
                    NOT_AT_HOME, RETRIAGED, ATTENDED, CANCELLED);
        }
    }

    @Test
    void milestonesAtTheSameInstantAreInStageOrder() {
        Milestone triagedAtOnce = Milestone.triaged("d1", 1, T, Pathway.URGENT_CRISIS_RESPONSE, ResponseStandard.TWO_HOUR);
        assertThat(Progress.timeline(List.of(triagedAtOnce, RECEIVED))).containsExactly(RECEIVED, triagedAtOnce);
    }

    private static final Milestone DECLINED = Milestone.triaged("d3", 3, T.plusSeconds(1500), Pathway.NOT_ACCEPTED, null,
            "OUT_OF_AREA");

    @Test
    void aDeclineStandsUntilALaterDecisionPutsTheReferralOnAPathwayAgain() {
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, DECLINED))).isEqualTo(ReferralStatus.DECLINED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, DECLINED)))
                .as("declined after the allocation: the referrer must act on it").isEqualTo(ReferralStatus.DECLINED);
        Milestone accepted = Milestone.triaged("d4", 4, T.plusSeconds(1600), Pathway.HOME_FIRST_REABLEMENT,
                ResponseStandard.TWO_DAY);
        assertThat(Progress.status(List.of(RECEIVED, DECLINED, accepted))).isEqualTo(ReferralStatus.TRIAGED);
        assertThat(Progress.status(List.of(RECEIVED, DECLINED, ATTENDED))).as("a visit that saw the patient")
                .isEqualTo(ReferralStatus.VISITED);
        assertThat(Progress.status(List.of(RECEIVED, DECLINED, CANCELLED))).isEqualTo(ReferralStatus.CANCELLED);
    }

    @Test
    void theSummaryTellsThePathwayTheHubTheCodedReasonAndTheFirstVisit() {
        assertThat(Progress.summary(List.of(RECEIVED)))
                .isEqualTo(new StatusSummary(ReferralStatus.RECEIVED, null, null, null, null));
        assertThat(Progress.summary(List.of(RECEIVED, TRIAGED, DECLINED)))
                .isEqualTo(new StatusSummary(ReferralStatus.DECLINED, Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA", null));
        Milestone later = Milestone.visit("v3", T.plusSeconds(5000), "hub-melton", VisitOutcome.ATTENDED);
        assertThat(Progress.summary(List.of(later, RECEIVED, TRIAGED, REALLOCATED, ALLOCATED, NOT_AT_HOME, ATTENDED)))
                .isEqualTo(new StatusSummary(ReferralStatus.VISITED, Pathway.URGENT_CRISIS_RESPONSE, "hub-melton", null,
                        ATTENDED.at()));
        assertThat(Progress.summary(List.of(RECEIVED, TRIAGED, CANCELLED)))
                .isEqualTo(new StatusSummary(ReferralStatus.CANCELLED, Pathway.URGENT_CRISIS_RESPONSE, null,
                        "PATIENT_ADMITTED", null));
    }

    @Test
    void aVisitsHighestRevisionStandsWhateverOrderAndOnlyAnAttendedInPersonVisitIsAFirstVisit() {
        Milestone voided = Milestone.visitVoided("v2", 1, T.plusSeconds(4000), "hub-melton");
        assertThat(Progress.status(List.of(voided, RECEIVED, TRIAGED, ALLOCATED, ATTENDED)))
                .as("the attended visit was voided").isEqualTo(ReferralStatus.ALLOCATED);
        assertThat(Progress.firstVisit(List.of(RECEIVED, voided, ATTENDED))).isEmpty();

        Milestone corrected = Milestone.visit("v2", 2, T.plusSeconds(3000), "hub-melton", VisitOutcome.ATTENDED, "IN_PERSON");
        assertThat(Progress.firstVisit(List.of(corrected, RECEIVED, voided, ATTENDED))).as("put right after the void")
                .hasValueSatisfying(m -> assertThat(m.at()).isEqualTo(T.plusSeconds(3000)));

        Milestone byTelephone = Milestone.visit("v4", 0, T.plusSeconds(1000), "hub-melton", VisitOutcome.ATTENDED,
                "TELEPHONE");
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, byTelephone))).isEqualTo(ReferralStatus.ALLOCATED);
        assertThat(Progress.firstVisit(List.of(RECEIVED, byTelephone, ATTENDED))).contains(ATTENDED);
    }

    private static final LocalDate OUTCOME_DATE = LocalDate.of(2026, 11, 25);
    private static final Milestone CLOSED = Milestone.closed(T.plusSeconds(6000), "hub-melton",
            Pathway.URGENT_CRISIS_RESPONSE, EpisodeOutcome.REMAINED_AT_HOME, OUTCOME_DATE);

    @Test
    void aClosureAfterTheVisitIsTheLastStageWithItsOutcomeAndDate() {
        List<Milestone> milestones = List.of(RECEIVED, TRIAGED, ALLOCATED, REALLOCATED, ATTENDED, CLOSED);
        assertThat(Progress.status(milestones)).isEqualTo(ReferralStatus.CLOSED);
        assertThat(Progress.summary(milestones)).isEqualTo(new StatusSummary(ReferralStatus.CLOSED,
                Pathway.URGENT_CRISIS_RESPONSE, "hub-melton", "REMAINED_AT_HOME", ATTENDED.at(), OUTCOME_DATE));
        assertThat(Progress.timeline(milestones)).last().isEqualTo(CLOSED);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, ALLOCATED, CLOSED))).as("closed without a visit that saw "
                + "the patient").isEqualTo(ReferralStatus.CLOSED);
    }

    @Test
    void whateverArrivesAfterTheClosureItStandsButALateFirstVisitStillShows() {
        Milestone lateVisit = Milestone.visit("v9", 0, T.plusSeconds(4500), "hub-melton", VisitOutcome.ATTENDED, "IN_PERSON");
        Milestone reTriage = Milestone.triaged("d5", 5, T.plusSeconds(7000), Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA");
        Milestone reAllocation = Milestone.allocated("a3", 3, T.plusSeconds(7100), "hub-blaby", Pathway.PLANNED_THERAPY);
        List<Milestone> beforeTheVisit = List.of(RECEIVED, TRIAGED, ALLOCATED, CLOSED);
        List<Milestone> all = List.of(RECEIVED, TRIAGED, ALLOCATED, CLOSED, lateVisit, reTriage, reAllocation);

        assertThat(Progress.summary(beforeTheVisit).firstVisitAt()).isNull();
        StatusSummary after = Progress.summary(all);
        assertThat(after).as("the visit happened before the closure, recorded after it; the decision and allocation "
                + "after it change nothing").isEqualTo(new StatusSummary(ReferralStatus.CLOSED,
                        Pathway.URGENT_CRISIS_RESPONSE, "hub-melton", "REMAINED_AT_HOME", lateVisit.at(), OUTCOME_DATE));
        assertThat(Progress.timeline(all)).containsExactly(RECEIVED, TRIAGED, ALLOCATED, lateVisit, CLOSED, reTriage,
                reAllocation);
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            List<Milestone> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, random);
            assertThat(Progress.summary(shuffled)).isEqualTo(after);
        }
    }

    @Test
    void theSameClosureTwiceIsOneAndOfTwoClosuresTheFirstStands() {
        List<Milestone> once = List.of(RECEIVED, TRIAGED, ALLOCATED, CLOSED);
        List<Milestone> twice = List.of(RECEIVED, CLOSED, TRIAGED, ALLOCATED, CLOSED);
        assertThat(Progress.summary(twice)).isEqualTo(Progress.summary(once));
        Milestone another = Milestone.closed(CLOSED.at().plusSeconds(60), "hub-charnwood", Pathway.HOME_FIRST_REABLEMENT,
                EpisodeOutcome.DIED, OUTCOME_DATE.plusDays(1));
        assertThat(Progress.summary(List.of(another, RECEIVED, TRIAGED, CLOSED)).reasonCode()).isEqualTo("REMAINED_AT_HOME");
        assertThat(Progress.closure(List.of(another, CLOSED))).contains(CLOSED);
    }

    @Test
    void ofACancellationAndAClosureTheFirstStands() {
        Milestone cancelledBefore = Milestone.cancelled(CLOSED.at().minusSeconds(60), CancellationReason.PATIENT_ADMITTED,
                null);
        assertThat(Progress.summary(List.of(RECEIVED, TRIAGED, CLOSED, cancelledBefore))).isEqualTo(new StatusSummary(
                ReferralStatus.CANCELLED, Pathway.URGENT_CRISIS_RESPONSE, null, "PATIENT_ADMITTED", null));
        Milestone cancelledAfter = Milestone.cancelled(CLOSED.at().plusSeconds(60), CancellationReason.PATIENT_ADMITTED,
                null);
        assertThat(Progress.status(List.of(RECEIVED, TRIAGED, CLOSED, cancelledAfter))).isEqualTo(ReferralStatus.CLOSED);
        Milestone cancelledAtOnce = Milestone.cancelled(CLOSED.at(), CancellationReason.PATIENT_ADMITTED, null);
        assertThat(Progress.status(List.of(CLOSED, RECEIVED, cancelledAtOnce))).isEqualTo(ReferralStatus.CANCELLED);
    }

    @Test
    void aReferralSentBackIsBackWithItsLduWithTheCodeAndNoHubUntilTheLduAllocatesItAgain() {
        Milestone sentBack = Milestone.sentBack("sb1", 2, T.plusSeconds(4000), "hub-melton", SendBackReason.OUTSIDE_AREA);
        List<Milestone> back = List.of(RECEIVED, TRIAGED, ALLOCATED, REALLOCATED, ATTENDED, sentBack);
        StatusSummary summary = new StatusSummary(ReferralStatus.SENT_BACK, Pathway.URGENT_CRISIS_RESPONSE, null,
                "OUTSIDE_AREA", ATTENDED.at());
        assertThat(Progress.summary(back)).as("after a visit too: the hub let go").isEqualTo(summary);
        Random random = new Random(11);
        for (int i = 0; i < 30; i++) {
            List<Milestone> shuffled = new ArrayList<>(back);
            Collections.shuffle(shuffled, random);
            assertThat(Progress.summary(shuffled)).as("a send-back arriving before its allocation still releases it")
                    .isEqualTo(summary);
        }
        Milestone olderSendBack = Milestone.sentBack("sb0", 1, T.plusSeconds(1000), "hub-charnwood",
                SendBackReason.WRONG_PATHWAY);
        assertThat(Progress.summary(List.of(RECEIVED, TRIAGED, ALLOCATED, olderSendBack, REALLOCATED)))
                .as("a send-back of an allocation since replaced releases nothing")
                .isEqualTo(new StatusSummary(ReferralStatus.ALLOCATED, Pathway.URGENT_CRISIS_RESPONSE, "hub-melton",
                        null, null));

        Milestone allocatedAgain = Milestone.allocated("a3", 3, T.plusSeconds(5000), "hub-blaby",
                Pathway.URGENT_CRISIS_RESPONSE);
        List<Milestone> placed = new ArrayList<>(back);
        placed.add(allocatedAgain);
        assertThat(Progress.summary(placed)).as("the LDU allocates it again").isEqualTo(new StatusSummary(
                ReferralStatus.VISITED, Pathway.URGENT_CRISIS_RESPONSE, "hub-blaby", null, ATTENDED.at()));

        Milestone declined = Milestone.triaged("d3", 3, T.plusSeconds(4500), Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA");
        List<Milestone> declinedSince = new ArrayList<>(back);
        declinedSince.add(declined);
        assertThat(Progress.summary(declinedSince)).as("the LDU's decline after taking it back").isEqualTo(
                new StatusSummary(ReferralStatus.DECLINED, Pathway.NOT_ACCEPTED, null, "OUT_OF_AREA", ATTENDED.at()));
        assertThat(Progress.timeline(back)).last().isEqualTo(sentBack);
    }
}
