package uk.nhs.homefirst.monitor.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.CancellationReason;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.CloudEventHeaders;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.DischargeDelayed;
import uk.nhs.homefirst.events.EpisodeClosed;
import uk.nhs.homefirst.events.EpisodeOutcome;
import uk.nhs.homefirst.events.PatientDischarged;
import uk.nhs.homefirst.events.ReferralAllocated;
import uk.nhs.homefirst.events.ReferralCancelled;
import uk.nhs.homefirst.events.ReferralReceived;
import uk.nhs.homefirst.events.ReferralSource;
import uk.nhs.homefirst.events.ReferralTriaged;
import uk.nhs.homefirst.events.ReferrerRole;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.StaffRole;
import uk.nhs.homefirst.events.VisitChangeReason;
import uk.nhs.homefirst.events.VisitCorrected;
import uk.nhs.homefirst.events.VisitRecorded;
import uk.nhs.homefirst.events.VisitVoided;
import uk.nhs.homefirst.monitor.alert.AlertList;
import uk.nhs.homefirst.monitor.alert.AlertPolicy;
import uk.nhs.homefirst.monitor.clock.ClockRules;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.figures.FigureBoard;
import uk.nhs.homefirst.monitor.window.TargetBoard;
import uk.nhs.homefirst.monitor.window.TargetReport;
import uk.nhs.homefirst.monitor.window.TargetWindow;

/**
 * The monitor's topology in a {@link TopologyTestDriver}: facts go in as the producers' own events
 * (CloudEvents of the contract's records), wall-clock time moves only when told, and the board,
 * the alert list and every output topic can be read.
 */
public final class TopologyFixture implements AutoCloseable {

    /** The README's defaults. */
    public static final Map<ResponseStandard, Duration> DURATIONS = Map.of(
            ResponseStandard.TWO_HOUR, Duration.ofHours(2),
            ResponseStandard.TWO_DAY, Duration.ofHours(48),
            ResponseStandard.EIGHTEEN_WEEK, Duration.ofDays(7 * 18));
    public static final Map<ResponseStandard, Duration> AT_RISK = Map.of(
            ResponseStandard.TWO_HOUR, Duration.ofMinutes(30),
            ResponseStandard.TWO_DAY, Duration.ofHours(12),
            ResponseStandard.EIGHTEEN_WEEK, Duration.ofDays(14));
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Duration HORIZON = Duration.ofDays(92);
    static final String BOARD = "target-monitor.board";
    static final String ALERT_LIST = "target-monitor.alert-list";
    static final String LATE_EVENTS = "target-monitor.late-events";

    static final String FIGURES = "target-monitor.figures";
    static final FigureSettings FIGURE_SETTINGS = new FigureSettings(FIGURES, Duration.ofHours(1), 53, 25);

    final TargetBoard board = new TargetBoard();
    public final FigureBoard figures = new FigureBoard();
    final AlertList alertList = new AlertList();
    final AtomicBoolean caughtUp = new AtomicBoolean(true);
    final AtomicInteger lateEventsCounted = new AtomicInteger();
    final TopologyTestDriver driver;
    private final TargetReport.Settings report;
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new java.util.HashMap<>();
    private final Map<String, TestOutputTopic<String, byte[]>> outputs = new java.util.HashMap<>();
    private Instant now;

    public TopologyFixture(Instant start, List<String> hubs) {
        this(start, hubs, 3, MonitorTopology.Storage.IN_MEMORY);
    }

    TopologyFixture(Instant start, List<String> hubs, int minimumResolved, MonitorTopology.Storage storage) {
        Map<ResponseStandard, AlertPolicy> policies = new EnumMap<>(ResponseStandard.class);
        policies.put(ResponseStandard.TWO_HOUR, new AlertPolicy(new java.math.BigDecimal(70), minimumResolved, new java.math.BigDecimal(5)));
        policies.put(ResponseStandard.TWO_DAY, new AlertPolicy(new java.math.BigDecimal(90), minimumResolved, new java.math.BigDecimal(5)));
        policies.put(ResponseStandard.EIGHTEEN_WEEK, new AlertPolicy(new java.math.BigDecimal(92), minimumResolved, new java.math.BigDecimal(5)));
        MonitorSettings settings = new MonitorSettings(new ClockRules(DURATIONS), AT_RISK, policies,
                TargetWindow.LAST_24_HOURS, LONDON, HORIZON, Duration.ofDays(7), Duration.ofMillis(250), BOARD,
                ALERT_LIST, LATE_EVENTS, "/homefirst/target-monitor-service");
        this.report = new TargetReport.Settings(AT_RISK, hubs, LONDON);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "target-monitor-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, System.getProperty("ttd.guarantee", StreamsConfig.EXACTLY_ONCE_V2));
        properties.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/monitor-ttd-" + UUID.randomUUID());
        this.now = start;
        this.driver = new TopologyTestDriver(MonitorTopology.build(settings, FIGURE_SETTINGS, board, alertList, figures,
                caughtUp::get,
                topic -> lateEventsCounted.incrementAndGet(), storage), properties, start);
    }

    Instant now() {
        return now;
    }

    /** Moves wall-clock time to {@code to} (never back): punctuations fire at {@code to}. */
    void advanceTo(Instant to) {
        if (to.isAfter(now)) {
            driver.advanceWallClockTime(Duration.between(now, to));
            now = to;
        }
    }

    /** The report ops staff read at {@code at}, after moving wall-clock time there. */
    public TargetReport.Targets report(Instant at) {
        return report(at, false);
    }

    /** The report, each figure also split by origin when {@code byOrigin} ({@code ?by=origin}). */
    public TargetReport.Targets report(Instant at, boolean byOrigin) {
        advanceTo(at);
        return board.read(at, b -> TargetReport.all(b, report, byOrigin));
    }

    /** The referrals awaiting discharge at {@code at}, as {@code GET /api/clocks/awaiting-discharge} lists them. */
    TargetReport.AwaitingDischargeList awaitingDischarge(Instant at) {
        advanceTo(at);
        return board.read(at, TargetReport::awaitingDischargeList);
    }

    /** The clocks to act on at {@code at}, as {@code GET /api/clocks/at-risk} lists them. */
    TargetReport.AtRiskNow atRiskNow(Instant at, Instant breachedSince) {
        advanceTo(at);
        return board.read(at, b -> TargetReport.atRiskNow(b, report, breachedSince));
    }

    /** The clocks behind one figure at {@code at}, as {@code GET /api/clocks} lists them. */
    TargetReport.FigureClocks figureClocks(Instant at, String hub, ResponseStandard standard, String window,
            uk.nhs.homefirst.monitor.clock.ClockStatus status) {
        advanceTo(at);
        return board.read(at, b -> TargetReport.figureClocks(b, report, hub, standard,
                uk.nhs.homefirst.monitor.window.TargetWindow.ofLabel(window), status));
    }

    TargetReport.HubTargets hub(String hub, Instant at) {
        advanceTo(at);
        return board.read(at, b -> TargetReport.hub(b, report, hub, true));
    }

    /**
     * The referral, visit or event id a test names {@code name}: ids are UUIDs in the contract, the
     * same one for the same name. A UUID stays as it is.
     */
    public static String id(String name) {
        return uk.nhs.homefirst.events.read.EventReader.UUID_FORM.matcher(name).matches() ? name
                : UUID.nameUUIDFromBytes(name.getBytes(UTF_8)).toString();
    }

    public void send(Fact... facts) {
        for (Fact fact : facts) {
            send(fact, UUID.randomUUID().toString());
        }
    }

    /** Sends a fact as the event its producer writes, with this CloudEvent id; the fact's names become ids. */
    void send(Fact fact, String eventId) {
        fact = withIds(fact);
        eventId = id(eventId);
        if (fact instanceof Fact.Received r) {
            boolean hospital = r.origin() == Origin.HOSPITAL_DISCHARGE;
            sendEvent(Topics.REFERRALS, r.referralId(), eventId, ReferralReceived.TYPE, new ReferralReceived(r.referralId(),
                    r.receivedAt(), r.receivedAt(), null, hospital ? ReferralSource.ACUTE_HOSPITAL : ReferralSource.GP,
                    null, null, RequestedUrgency.CRISIS,
                    List.of(ClinicalNeed.FALLS), new ReferralReceived.Reason("Fall at home", "217082002"),
                    new ReferralReceived.Patient("9990000018", "Mary", "Shelley", LocalDate.of(1950, 5, 17),
                            "LE11 3TU", "LE11", "C82001", null),
                    hospital ? new ReferralReceived.Referrer("RWE", ReferrerRole.HOSPITAL_DOCTOR, "Ward 7")
                            : new ReferralReceived.Referrer("C82001", ReferrerRole.GP, "Dr A Patel"),
                    r.awaitsDischarge() ? new ReferralReceived.Discharge(r.expectedDischargeDate(), 1) : null));
        } else if (fact instanceof Fact.Discharged d) {
            sendEvent(Topics.REFERRALS, d.referralId(), eventId, PatientDischarged.TYPE, new PatientDischarged(
                    d.referralId(), UUID.randomUUID().toString(), d.dischargedAt(), 1, d.dischargedAt()));
        } else if (fact instanceof Fact.DischargeDelayed m) {
            sendEvent(Topics.REFERRALS, m.referralId(), eventId, DischargeDelayed.TYPE, new DischargeDelayed(
                    m.referralId(), m.expectedDate() == null ? DischargeDelayed.DischargeChange.CANCELLED
                            : DischargeDelayed.DischargeChange.POSTPONED, m.expectedDate(), m.changedAt()));
        } else if (fact instanceof Fact.Decided d) {
            sendEvent(Topics.ASSESSMENTS, d.referralId(), eventId, ReferralTriaged.TYPE, new ReferralTriaged(d.referralId(),
                    UUID.randomUUID().toString(), d.decisionNumber(), d.decidedAt(), d.receivedAt(), pathway(d.standard()),
                    d.standard(), "rules", "TEST", ReferralSource.GP, RequestedUrgency.CRISIS, "LE11", "C82001"));
        } else if (fact instanceof Fact.Allocated a) {
            sendEvent(Topics.ALLOCATIONS, a.referralId(), eventId, ReferralAllocated.TYPE, new ReferralAllocated(
                    a.referralId(), UUID.randomUUID().toString(), a.allocationNumber(), a.hubId(), a.allocatedAt(),
                    a.method(), Pathway.URGENT_CRISIS_RESPONSE));
        } else if (fact instanceof Fact.Visited v && v.revision() == 0) {
            sendEvent(Topics.VISITS, v.referralId(), eventId, VisitRecorded.TYPE, new VisitRecorded(v.visitId(),
                    v.referralId(), "hub", v.visitedAt(), v.visitedAt(), v.outcome(), v.contactType(),
                    v.contactType() == null ? null : StaffRole.NURSE));
        } else if (fact instanceof Fact.Visited v) {
            sendEvent(Topics.VISITS, v.referralId(), eventId, VisitCorrected.TYPE, new VisitCorrected(v.visitId(),
                    v.referralId(), "hub", v.revision(), v.visitedAt(), VisitChangeReason.WRONG_TIME, null,
                    v.visitedAt(), v.outcome(), v.contactType() == null ? ContactType.IN_PERSON : v.contactType(),
                    StaffRole.NURSE));
        } else if (fact instanceof Fact.VisitVoided x) {
            sendEvent(Topics.VISITS, x.referralId(), eventId, VisitVoided.TYPE, new VisitVoided(x.visitId(),
                    x.referralId(), "hub", x.revision(), x.voidedAt(), VisitChangeReason.ENTERED_IN_ERROR, null));
        } else if (fact instanceof Fact.EpisodeClosed c) {
            sendEvent(Topics.ALLOCATIONS, c.referralId(), eventId, EpisodeClosed.TYPE, new EpisodeClosed(c.referralId(),
                    "hub", Pathway.URGENT_CRISIS_RESPONSE, EpisodeOutcome.ADMITTED_TO_HOSPITAL,
                    LocalDate.ofInstant(c.closedAt(), LONDON), c.closedAt()));
        } else {
            Fact.Cancelled c = (Fact.Cancelled) fact;
            sendEvent(Topics.REFERRALS, c.referralId(), eventId, ReferralCancelled.TYPE, new ReferralCancelled(
                    c.referralId(), c.cancelledAt(), CancellationReason.PATIENT_ADMITTED, null));
        }
    }

    private static Fact withIds(Fact fact) {
        String referral = id(fact.referralId());
        if (fact instanceof Fact.Received r) {
            return new Fact.Received(referral, r.receivedAt(), r.origin(), r.awaitsDischarge(), r.expectedDischargeDate());
        } else if (fact instanceof Fact.Discharged d) {
            return new Fact.Discharged(referral, d.dischargedAt());
        } else if (fact instanceof Fact.DischargeDelayed m) {
            return new Fact.DischargeDelayed(referral, m.changedAt(), m.expectedDate());
        } else if (fact instanceof Fact.Decided d) {
            return new Fact.Decided(referral, d.decisionNumber(), d.decidedAt(), d.receivedAt(), d.standard());
        } else if (fact instanceof Fact.Allocated a) {
            return new Fact.Allocated(referral, a.allocationNumber(), a.allocatedAt(), a.hubId(), a.method());
        } else if (fact instanceof Fact.Visited v) {
            return new Fact.Visited(referral, id(v.visitId()), v.visitedAt(), v.outcome(), v.contactType(), v.revision());
        } else if (fact instanceof Fact.VisitVoided x) {
            return new Fact.VisitVoided(referral, id(x.visitId()), x.revision(), x.voidedAt());
        } else if (fact instanceof Fact.EpisodeClosed c) {
            return new Fact.EpisodeClosed(referral, c.closedAt());
        }
        return new Fact.Cancelled(referral, ((Fact.Cancelled) fact).cancelledAt());
    }

    private static Pathway pathway(ResponseStandard standard) {
        if (standard == null) {
            return Pathway.BED_BASED;
        }
        return switch (standard) {
            case TWO_HOUR -> Pathway.URGENT_CRISIS_RESPONSE;
            case TWO_DAY -> Pathway.HOME_FIRST_REABLEMENT;
            case EIGHTEEN_WEEK -> Pathway.PLANNED_THERAPY;
        };
    }

    void sendEvent(String topic, String key, String eventId, String type, Object data) {
        try {
            sendRaw(topic, key, eventId, type, MonitorSerdes.JSON.writeValueAsBytes(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendRaw(String topic, String key, String eventId, String type, byte[] data) {
        Headers headers = new RecordHeaders();
        headers.add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(UTF_8));
        headers.add(CloudEventHeaders.ID, id(eventId).getBytes(UTF_8));
        headers.add(CloudEventHeaders.TYPE, type.getBytes(UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/homefirst/test".getBytes(UTF_8));
        headers.add(CloudEventHeaders.TIME, now.toString().getBytes(UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, key.getBytes(UTF_8));
        input(topic).pipeInput(new TestRecord<>(key, data, headers, now));
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()));
    }

    /** Everything written to {@code topic} since it was last read. */
    List<TestRecord<String, byte[]>> read(String topic) {
        return new ArrayList<>(outputs.computeIfAbsent(topic,
                t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer())).readRecordsToList());
    }

    static String header(TestRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    static <T> T data(TestRecord<String, byte[]> record, Class<T> type) {
        try {
            return MonitorSerdes.JSON.readValue(record.value(), type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
