package uk.nhs.homefirst.monitor.scale;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.harness.KafkaTestClient;

/**
 * A stream of referrals whose outcomes are known in advance, spread over hubs of the test's own,
 * so that a test can check the monitor's figures exactly.
 */
final class MonitorTraffic {

    enum Outcome { MET, BREACHED, PENDING, EXCLUDED }

    /** The figures a correct monitor shows for one hub over the last 24 hours. */
    record Expected(int met, int breached, int pending, int excluded) {
    }

    record Event(String topic, String key, String type, Object data) {
    }

    final List<String> hubs = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    private final Map<String, int[]> counts = new HashMap<>();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    MonitorTraffic(int hubCount) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < hubCount; i++) {
            hubs.add("scale-" + run + "-" + i);
        }
    }

    /** Adds a referral of the hub whose outcome is {@code outcome}. */
    void referral(String hub, Outcome outcome) {
        String id = UUID.randomUUID().toString();
        switch (outcome) {
            case MET -> {
                Instant received = now.minus(Duration.ofHours(5));
                triage(id, hub, received, ResponseStandard.TWO_HOUR);
                events.add(new Event(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(),
                        id, hub, received.plus(Duration.ofMinutes(70)), now, VisitOutcome.ATTENDED)));
            }
            case BREACHED -> {
                Instant received = now.minus(Duration.ofHours(5));
                triage(id, hub, received, ResponseStandard.TWO_HOUR);
                events.add(new Event(Topics.VISITS, id, VisitRecorded.TYPE, new VisitRecorded(UUID.randomUUID().toString(),
                        id, hub, received.plus(Duration.ofMinutes(30)), now, VisitOutcome.PATIENT_NOT_AT_HOME)));
            }
            case PENDING -> triage(id, hub, now.minus(Duration.ofHours(1)), ResponseStandard.TWO_DAY);
            case EXCLUDED -> {
                Instant received = now.minus(Duration.ofHours(1));
                triage(id, hub, received, ResponseStandard.TWO_HOUR);
                events.add(new Event(Topics.REFERRALS, id, ReferralCancelled.TYPE, new ReferralCancelled(id,
                        received.plus(Duration.ofMinutes(10)), CancellationReason.PATIENT_ADMITTED, null)));
            }
        }
        counts.computeIfAbsent(hub, h -> new int[4])[outcome.ordinal()]++;
    }

    /** A 2-hour referral whose deadline is {@code deadline}, with no visit: pending until then, breached after. */
    String dueAt(String hub, Instant deadline) {
        String id = UUID.randomUUID().toString();
        triage(id, hub, deadline.minus(Duration.ofHours(2)), ResponseStandard.TWO_HOUR);
        return id;
    }

    private void triage(String id, String hub, Instant received, ResponseStandard standard) {
        Pathway pathway = standard == ResponseStandard.TWO_HOUR ? Pathway.URGENT_CRISIS_RESPONSE : Pathway.HOME_FIRST_REABLEMENT;
        events.add(new Event(Topics.ASSESSMENTS, id, ReferralTriaged.TYPE, new ReferralTriaged(id,
                UUID.randomUUID().toString(), 1, received.plusSeconds(20), received, pathway, standard, "rules", "TEST",
                ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001")));
        events.add(new Event(Topics.ALLOCATIONS, id, ReferralAllocated.TYPE, new ReferralAllocated(id,
                UUID.randomUUID().toString(), 1, hub, received.plusSeconds(40), AllocationMethod.POSTCODE_DISTRICT, pathway)));
    }

    /** How many referrals the traffic holds. */
    int referrals() {
        return counts.values().stream().mapToInt(c -> c[0] + c[1] + c[2] + c[3]).sum();
    }

    Expected expected(String hub) {
        int[] c = counts.getOrDefault(hub, new int[4]);
        return new Expected(c[Outcome.MET.ordinal()], c[Outcome.BREACHED.ordinal()], c[Outcome.PENDING.ordinal()],
                c[Outcome.EXCLUDED.ordinal()]);
    }

    void send(KafkaTestClient kafka, List<Event> some) {
        for (Event event : some) {
            kafka.sendEvent(event.topic(), event.key(), event.type(), event.data());
        }
    }
}
