package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_DAY;
import static uk.nhs.homefirst.events.ResponseStandard.TWO_HOUR;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.ResponseClockChanged;
import uk.nhs.homefirst.events.ResponseClockStatus;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.Fact;

/**
 * ResponseClockChanged on response-clocks, what hub-allocation-service's caseload reads its deadlines
 * from: one event per clock started or changed in status or deadline, and none for an event that
 * changes nothing.
 */
class ResponseClockTopologyTest {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String HUB = "charnwood-nwl";

    final TopologyFixture monitor = new TopologyFixture(T0, List.of(HUB));

    @AfterEach
    void close() {
        monitor.close();
    }

    static Instant at(String offset) {
        return T0.plus(Duration.parse("PT" + offset));
    }

    List<ResponseClockChanged> changes() {
        List<TestRecord<String, byte[]>> records = monitor.read(Topics.RESPONSE_CLOCKS);
        for (TestRecord<String, byte[]> r : records) {
            assertThat(TopologyFixture.header(r, CloudEventHeaders.TYPE)).isEqualTo(ResponseClockChanged.TYPE);
            assertThat(TopologyFixture.header(r, CloudEventHeaders.SUBJECT)).isEqualTo(r.key());
        }
        return records.stream().map(r -> {
            ResponseClockChanged change = TopologyFixture.data(r, ResponseClockChanged.class);
            assertThat(change.referralId()).as("keyed by referral id").isEqualTo(r.key());
            return change;
        }).toList();
    }

    @Test
    void aStartedClockIsAnnouncedPendingWithItsDeadlineAndAMetClockAsMet() {
        String id = TopologyFixture.id("r1");
        monitor.send(new Fact.Received("r1", T0));
        assertThat(changes()).as("awaiting triage: no clock").isEmpty();

        monitor.send(new Fact.Decided("r1", 1, at("1M"), T0, TWO_HOUR));
        assertThat(changes()).singleElement().satisfies(c -> {
            assertThat(c.referralId()).isEqualTo(id);
            assertThat(c.clockNumber()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(ResponseClockStatus.PENDING);
            assertThat(c.standard()).isEqualTo(TWO_HOUR);
            assertThat(c.startedAt()).isEqualTo(T0);
            assertThat(c.deadline()).isEqualTo(at("2H"));
            assertThat(c.hubId()).isEqualTo("UNALLOCATED");
        });

        monitor.send(new Fact.Allocated("r1", 1, at("2M"), HUB, AllocationMethod.POSTCODE_DISTRICT));
        assertThat(changes()).as("an allocation changes neither status nor deadline").isEmpty();

        monitor.advanceTo(at("1H"));
        monitor.send(new Fact.Visited("r1", "v1", at("1H"), VisitOutcome.ATTENDED));
        assertThat(changes()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ResponseClockStatus.MET);
            assertThat(c.deadline()).isEqualTo(at("2H"));
            assertThat(c.hubId()).isEqualTo(HUB);
            assertThat(c.changedAt()).isEqualTo(at("1H"));
        });
    }

    @Test
    void aDuplicateEventAndTimePassingSendNothingNew() {
        monitor.send(new Fact.Received("r2", T0));
        monitor.send(new Fact.Decided("r2", 1, at("1M"), T0, TWO_DAY), "decision-1");
        assertThat(changes()).singleElement().extracting(ResponseClockChanged::status)
                .isEqualTo(ResponseClockStatus.PENDING);

        monitor.send(new Fact.Decided("r2", 1, at("1M"), T0, TWO_DAY), "decision-1");
        monitor.send(new Fact.Decided("r2", 1, at("1M"), T0, TWO_DAY), "decision-1-again");
        monitor.advanceTo(at("40H"));
        assertThat(changes()).as("the same decision again, and the clock falling at risk").isEmpty();
    }

    @Test
    void aReTriageExcludesTheOldClockAndStartsANewOne() {
        monitor.send(new Fact.Received("r3", T0));
        monitor.send(new Fact.Decided("r3", 1, at("1M"), T0, TWO_HOUR));
        changes();
        monitor.advanceTo(at("30M"));
        monitor.send(new Fact.Decided("r3", 2, at("30M"), T0, TWO_DAY));
        assertThat(changes()).extracting(ResponseClockChanged::clockNumber, ResponseClockChanged::status,
                ResponseClockChanged::deadline).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, ResponseClockStatus.EXCLUDED, at("2H")),
                        org.assertj.core.groups.Tuple.tuple(2, ResponseClockStatus.PENDING, at("48H30M")));
    }

    @Test
    void aDeadlinePassingWithNoVisitIsSentBreachedOnceAtTheDeadline() {
        monitor.send(new Fact.Received("r4", T0));
        monitor.send(new Fact.Decided("r4", 1, at("1M"), T0, TWO_HOUR), "decision-1");
        monitor.send(new Fact.Allocated("r4", 1, at("2M"), HUB, AllocationMethod.POSTCODE_DISTRICT));
        assertThat(changes()).singleElement().extracting(ResponseClockChanged::status)
                .isEqualTo(ResponseClockStatus.PENDING);

        monitor.advanceTo(at("1H59M"));
        assertThat(changes()).as("at risk, not yet breached").isEmpty();

        monitor.advanceTo(at("2H"));
        assertThat(changes()).as("the schedule's tick at the deadline").singleElement().satisfies(c -> {
            assertThat(c.referralId()).isEqualTo(TopologyFixture.id("r4"));
            assertThat(c.clockNumber()).isEqualTo(1);
            assertThat(c.status()).isEqualTo(ResponseClockStatus.BREACHED);
            assertThat(c.hubId()).isEqualTo(HUB);
            assertThat(c.deadline()).isEqualTo(at("2H"));
            assertThat(c.changedAt()).isEqualTo(at("2H"));
        });

        monitor.advanceTo(at("3H"));
        monitor.send(new Fact.Decided("r4", 1, at("1M"), T0, TWO_HOUR), "decision-1");
        monitor.send(new Fact.Allocated("r4", 1, at("2M"), HUB, AllocationMethod.POSTCODE_DISTRICT));
        monitor.advanceTo(at("4H"));
        monitor.send(new Fact.Visited("r4", "v1", at("4H"), VisitOutcome.ATTENDED));
        monitor.advanceTo(at("30H"));
        assertThat(changes()).as("later ticks, a duplicate and a visit after the deadline: still breached").isEmpty();
    }

    @Test
    void aClockFirstSeenPastItsDeadlineIsSentBreachedOnceAndANewDeadlineAfterItAgain() {
        monitor.advanceTo(at("3H"));
        monitor.send(new Fact.Received("r5", T0));
        monitor.send(new Fact.Decided("r5", 1, at("1M"), T0, TWO_HOUR));
        assertThat(changes()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ResponseClockStatus.BREACHED);
            assertThat(c.deadline()).isEqualTo(at("2H"));
        });
        monitor.advanceTo(at("4H"));
        monitor.send(new Fact.Allocated("r5", 1, at("2M"), HUB, AllocationMethod.POSTCODE_DISTRICT));
        assertThat(changes()).as("already sent breached; the hub at the deadline changed, not the status").isEmpty();

        // A re-triage before the deadline, typed in late, excludes the first clock and starts a second.
        monitor.send(new Fact.Decided("r5", 2, at("1H"), T0, TWO_DAY));
        assertThat(changes()).extracting(ResponseClockChanged::clockNumber, ResponseClockChanged::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, ResponseClockStatus.EXCLUDED),
                        org.assertj.core.groups.Tuple.tuple(2, ResponseClockStatus.PENDING));
        monitor.advanceTo(at("48H"));
        assertThat(changes()).isEmpty();
        monitor.advanceTo(at("49H"));
        assertThat(changes()).as("the second clock's deadline").singleElement().satisfies(c -> {
            assertThat(c.clockNumber()).isEqualTo(2);
            assertThat(c.status()).isEqualTo(ResponseClockStatus.BREACHED);
            assertThat(c.deadline()).isEqualTo(at("49H"));
        });
    }
}
