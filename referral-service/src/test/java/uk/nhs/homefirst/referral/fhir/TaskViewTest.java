package uk.nhs.homefirst.referral.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.referral.status.Milestone;
import uk.nhs.homefirst.referral.store.Referral;
import uk.nhs.homefirst.referral.store.TimelineEntry;

/** The Task a referral's events make, whatever order they came in. */
class TaskViewTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Instant T = Instant.parse("2026-06-01T09:00:00Z");

    private static TimelineEntry entry(Milestone m) {
        TimelineEntry e = new TimelineEntry();
        e.kind = m.kind();
        e.occurredAt = m.at();
        e.naturalKey = m.key();
        e.number = m.number();
        e.pathway = m.pathway();
        e.standard = m.standard();
        e.hubId = m.hubId();
        e.outcome = m.outcome();
        e.reasonCode = m.code();
        e.outcomeDate = m.date();
        return e;
    }

    private static Referral referral() {
        Referral r = new Referral();
        r.id = UUID.randomUUID();
        r.receivedAt = T;
        r.referrerOdsCode = "C82001";
        return r;
    }

    private static Task task(List<Milestone> disorderly) {
        return TaskView.of(referral(), disorderly.stream().map(TaskViewTest::entry).toList());
    }

    @Test
    void theExecutionPeriodNeverEndsBeforeItStartsWhateverOrderTheEventsCameIn() {
        LocalDate outcomeDay = LocalDate.of(2026, 6, 2);
        // The closure came first, recorded on the 4th, the outcome on the 2nd; a visit dated the 3rd arrived after it.
        Milestone closed = Milestone.closed(T.plusSeconds(3 * 86_400), "hub-melton", Pathway.HOME_FIRST_REABLEMENT,
                EpisodeOutcome.ADMITTED_TO_HOSPITAL, outcomeDay);
        Milestone lateVisit = Milestone.visit("v1", 0, T.plusSeconds(2 * 86_400), "hub-melton", VisitOutcome.ATTENDED,
                "IN_PERSON");
        Milestone triaged = Milestone.triaged("d1", 1, T.plusSeconds(600), Pathway.HOME_FIRST_REABLEMENT,
                ResponseStandard.TWO_DAY);
        Milestone allocated = Milestone.allocated("a1", 1, T.plusSeconds(900), "hub-melton", Pathway.HOME_FIRST_REABLEMENT);
        List<Milestone> events = new ArrayList<>(List.of(closed, lateVisit, allocated, triaged));
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            Task task = task(events);
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
            assertThat(task.getExecutionPeriod().getEndElement().getValueAsString()).as("the outcome's day, as stated")
                    .isEqualTo("2026-06-02");
            assertThat(task.getExecutionPeriod().hasStart()).as("a first visit after the outcome's day is left out")
                    .isFalse();
            Collections.shuffle(events, random);
        }

        // Just after midnight in London on the outcome's day (still the 1st in UTC, in summer): it is in the period.
        Instant sameDay = outcomeDay.atStartOfDay(LONDON).toInstant().plusSeconds(1800);
        Milestone visit = Milestone.visit("v2", 0, sameDay, "hub-melton", VisitOutcome.ATTENDED, "IN_PERSON");
        Task task = task(List.of(closed, visit, triaged, allocated, lateVisit));
        assertThat(task.getExecutionPeriod().getStartElement().getValueAsString()).isEqualTo(sameDay.toString());
        assertThat(LocalDate.ofInstant(task.getExecutionPeriod().getStart().toInstant(), LONDON)).isEqualTo(outcomeDay);
    }
}
