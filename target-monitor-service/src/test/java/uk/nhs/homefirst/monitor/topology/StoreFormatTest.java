package uk.nhs.homefirst.monitor.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.UTFDataFormatException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import uk.nhs.homefirst.events.AllocationMethod;
import uk.nhs.homefirst.events.ContactType;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.VisitOutcome;
import uk.nhs.homefirst.monitor.clock.AwaitingDischarge;
import uk.nhs.homefirst.monitor.clock.ClockStatus;
import uk.nhs.homefirst.monitor.clock.Evaluation;
import uk.nhs.homefirst.monitor.clock.ExclusionReason;
import uk.nhs.homefirst.monitor.clock.Fact;
import uk.nhs.homefirst.monitor.clock.Origin;
import uk.nhs.homefirst.monitor.clock.ReferralHistory;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.figures.Figure;
import uk.nhs.homefirst.monitor.figures.Revision;
import uk.nhs.homefirst.monitor.figures.Tally;

/** The stores' binary form gives back what was put in, null fields and nanoseconds too, and still reads the JSON of before. */
class StoreFormatTest {

    static final Instant T = Instant.parse("2026-11-30T20:00:00.123456789Z");

    static final ReferralRecord RECORD = new ReferralRecord(
            new ReferralHistory.Snapshot(T, null, T.plusSeconds(5),
                    List.of(new Fact.Decided("r", 1, T, T, ResponseStandard.TWO_HOUR, Pathway.URGENT_CRISIS_RESPONSE),
                            new Fact.Decided("r", 2, T, null, null, null)),
                    List.of(new Fact.Allocated("r", 1, T, "charnwood-nwl", AllocationMethod.MANUAL)),
                    List.of(new Fact.Visited("r", "v", T, VisitOutcome.ATTENDED))),
            new Evaluation(List.of(new ResponseClock("r", 1, ResponseStandard.TWO_HOUR, T, T.plusSeconds(7200), null,
                    ClockStatus.EXCLUDED, T, ExclusionReason.RETRIAGED, "a", null, "UNALLOCATED", null)), T),
            List.of(new ReferralRecord.Contribution("a", ResponseStandard.TWO_DAY, 2, ClockStatus.MET, T,
                    Origin.HOSPITAL_DISCHARGE)),
            List.of(new ReferralRecord.Announcement(ReferralRecord.Kind.AT_RISK, 1, "a", ResponseStandard.TWO_HOUR, T,
                    T, true)),
            T, null);

    @Test
    void eachValueComesBackAsItWent() {
        assertThat(roundTrip(StoreFormat.REFERRAL_RECORD, RECORD)).isEqualTo(RECORD);
        ReferralRecord evicted = new ReferralRecord(null, null, List.of(), List.of(), null, T);
        assertThat(roundTrip(StoreFormat.REFERRAL_RECORD, evicted)).isEqualTo(evicted);
        JudgedClock clock = new JudgedClock("r/1", ClockStatus.BREACHED, T, Origin.HOSPITAL_DISCHARGE, null,
                "VisitRecorded");
        assertThat(roundTrip(StoreFormat.JUDGED_CLOCK, clock)).isEqualTo(clock);
        JudgedClock withdrawn = JudgedClock.withdrawn("r/1", "e", "VisitRecorded");
        assertThat(roundTrip(StoreFormat.JUDGED_CLOCK, withdrawn)).isEqualTo(withdrawn);
        Figure figure = new Figure(new Tally(3, 1, 2), T, new Tally(2, 1, 2),
                List.of(new Revision(T, new Tally(2, 1, 2), new Tally(3, 1, 2), "r/1", null, null)));
        assertThat(roundTrip(StoreFormat.FIGURE, figure)).isEqualTo(figure);
        assertThat(roundTrip(StoreFormat.FIGURE, Figure.EMPTY)).isEqualTo(Figure.EMPTY);
        assertThat(roundTrip(StoreFormat.EVALUATION, RECORD.onBoard())).isEqualTo(RECORD.onBoard());
        assertThat(roundTrip(StoreFormat.EVALUATION, Evaluation.NOTHING)).isEqualTo(Evaluation.NOTHING);
    }

    static final ReferralRecord HOSPITAL = new ReferralRecord(
            new ReferralHistory.Snapshot(T, null, null, List.of(), List.of(), List.of(), Origin.HOSPITAL_DISCHARGE, true,
                    T.plusSeconds(60), new ReferralHistory.ExpectedDate(T, LocalDate.of(2026, 12, 2))),
            new Evaluation(List.of(), T, Origin.HOSPITAL_DISCHARGE, new AwaitingDischarge(T, LocalDate.of(2026, 12, 2))),
            List.of(), List.of(), null, null);

    @Test
    void aHospitalReferralsOriginAndDischargeComeBackAsTheyWent() {
        assertThat(roundTrip(StoreFormat.REFERRAL_RECORD, HOSPITAL)).isEqualTo(HOSPITAL);
        Evaluation undated = new Evaluation(List.of(), null, Origin.HOSPITAL_DISCHARGE, new AwaitingDischarge(T, null));
        assertThat(roundTrip(StoreFormat.EVALUATION, undated)).isEqualTo(undated);
    }

    @Test
    void aClosedEpisodeComesBackAsItWentAndARecordOfBeforeReadsAsNotClosed() {
        ReferralHistory.Snapshot h = RECORD.history();
        ReferralRecord closed = new ReferralRecord(new ReferralHistory.Snapshot(h.receivedAt(), h.receivedAtFromTriage(),
                h.cancelledAt(), h.decisions(), h.allocations(), h.visits(), h.origin(), h.awaitsDischarge(),
                h.dischargedAt(), h.expectedDischarge(), h.voids(), T.plusSeconds(90)), RECORD.onBoard(),
                RECORD.contributions(), RECORD.announcements(), RECORD.scheduledAt(), RECORD.evictedAt());
        assertThat(roundTrip(StoreFormat.REFERRAL_RECORD, closed)).isEqualTo(closed);
        byte[] bytes = StoreFormat.REFERRAL_RECORD.serializer().serialize("t", RECORD);
        // A record written before closures ends after its voids: the closure's absent flag is its last byte.
        byte[] before = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThat(StoreFormat.REFERRAL_RECORD.deserializer().deserialize("t", before)).isEqualTo(RECORD);
    }

    @Test
    void correctedAndVoidedVisitsComeBackAsTheyWentAndARecordOfBeforeReadsItsVisitsAsRecordedInPerson() {
        ReferralRecord corrected = new ReferralRecord(new ReferralHistory.Snapshot(T, null, null, List.of(), List.of(),
                List.of(new Fact.Visited("r", "v1", T, VisitOutcome.ATTENDED, ContactType.VIDEO, 2),
                        new Fact.Visited("r", "v2", T, VisitOutcome.CANCELLED, null, 0)),
                Origin.COMMUNITY, false, null, null, List.of(new Fact.VisitVoided("r", "v3", 1, T))),
                null, List.of(), List.of(), null, null);
        assertThat(roundTrip(StoreFormat.REFERRAL_RECORD, corrected)).isEqualTo(corrected);

        byte[] now = StoreFormat.REFERRAL_RECORD.serializer().serialize("t", RECORD);
        // Before revisions, a record ended before them: the visits' list (size 4, revision 4, a flag, then
        // "IN_PERSON" as UTF: 12), the empty list of voids (4) and the flag of no closure (1).
        byte[] before = java.util.Arrays.copyOf(now, now.length - 25);
        Fact.Visited visit = StoreFormat.REFERRAL_RECORD.deserializer().deserialize("t", before).history().visits().get(0);
        assertThat(visit.revision()).isZero();
        assertThat(visit.contactType()).isEqualTo(ContactType.IN_PERSON);
        assertThat(visit.stopsClock()).isTrue();
    }

    @Test
    void aValueOfTheFirstVersionIsReadAsACommunityReferral() {
        byte[] v2 = StoreFormat.EVALUATION.serializer().serialize("t", RECORD.onBoard());
        // Version 1 is version 2 without what ends it: the origin (a flag, then "COMMUNITY" as UTF: 12
        // bytes) and the flag of no awaited discharge (1).
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 13);
        v1[0] = StoreFormat.VERSION_1;

        assertThat(StoreFormat.EVALUATION.deserializer().deserialize("t", v1)).isEqualTo(RECORD.onBoard());
    }

    @Test
    void aJudgedClockOfVersionTwoIsACommunityClock() {
        JudgedClock hospital = new JudgedClock("r/1", ClockStatus.MET, T, Origin.HOSPITAL_DISCHARGE, "e", "VisitRecorded");
        byte[] v3 = StoreFormat.JUDGED_CLOCK.serializer().serialize("t", hospital);
        // Version 2 is version 3 without the origin after the time: a flag, then "HOSPITAL_DISCHARGE" as UTF (21 bytes).
        int at = 1 + (1 + 2 + 3) + (1 + 2 + 3) + (1 + 8 + 4);
        byte[] v2 = new byte[v3.length - 21];
        System.arraycopy(v3, 0, v2, 0, at);
        System.arraycopy(v3, at + 21, v2, at, v3.length - at - 21);
        v2[0] = StoreFormat.VERSION_2;

        assertThat(StoreFormat.JUDGED_CLOCK.deserializer().deserialize("t", v2))
                .isEqualTo(new JudgedClock("r/1", ClockStatus.MET, T, Origin.COMMUNITY, "e", "VisitRecorded"));
    }

    @Test
    void aValueStartsWithItsVersionAndTheJsonOfBeforeIsStillRead() throws Exception {
        assertThat(StoreFormat.REFERRAL_RECORD.serializer().serialize("t", RECORD)[0]).isEqualTo(StoreFormat.VERSION);
        byte[] json = MonitorSerdes.JSON.writeValueAsBytes(RECORD);
        assertThat(StoreFormat.REFERRAL_RECORD.deserializer().deserialize("t", json)).isEqualTo(RECORD);
        assertThat(StoreFormat.REFERRAL_RECORD.serializer().serialize("t", RECORD).length).isLessThan(json.length);
        assertThatThrownBy(() -> StoreFormat.FIGURE.deserializer().deserialize("t", new byte[] {9, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
    }

    @Test
    void theBytesAreDataOutputStreamsAndReadAsDataInputStreamReadsThem() throws Exception {
        Random random = new Random(18);
        List<String> texts = new ArrayList<>(List.of("", "charnwood-nwl", "\u0000", "caf\u00e9", "\u20ac", "\ud83d\ude00",
                "\udc00", "x".repeat(70_000 / 3)));
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(12)];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(Character.MAX_VALUE + 1));
            }
            texts.add(new String(chars));
        }
        for (String text : texts) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(expected);
            data.writeBoolean(true);
            data.writeUTF(text);
            data.writeLong(random.nextLong());
            data.writeInt(random.nextInt());
            data.writeUTF(ClockStatus.MET.name());
            ByteArrayInputStream again = new ByteArrayInputStream(expected.toByteArray());
            DataInputStream read = new DataInputStream(again);
            read.readBoolean();
            read.readUTF();
            long aLong = read.readLong();
            int anInt = read.readInt();

            StoreFormat.Out out = new StoreFormat.Out();
            out.string(text);
            out.writeLong(aLong);
            out.writeInt(anInt);
            out.writeUTF(ClockStatus.MET.name());
            assertThat(out.bytes()).as(text).isEqualTo(expected.toByteArray());

            StoreFormat.In in = new StoreFormat.In(out.bytes());
            assertThat(in.string()).isEqualTo(text);
            assertThat(in.readLong()).isEqualTo(aLong);
            assertThat(in.readInt()).isEqualTo(anInt);
            assertThat(in.available()).isEqualTo(2 + ClockStatus.MET.name().length());
            assertThat(new StoreFormat.In(Arrays.copyOfRange(out.bytes(), out.bytes().length - 5, out.bytes().length))
                    .readUTF()).isEqualTo("MET");
        }
        byte[] met = new byte[] {1, 0, 3, 'M', 'E', 'T', 1, 0, 2, 'M', 'E'};
        StoreFormat.In in = new StoreFormat.In(met);
        assertThat(in.name(ClockStatus.class)).isEqualTo(ClockStatus.MET);
        assertThatThrownBy(() -> in.name(ClockStatus.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoreFormat.In(new byte[] {0, 5, 'a'}).readUTF()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> new StoreFormat.In(new byte[] {0, 1, (byte) 0x80}).readUTF())
                .isInstanceOf(UTFDataFormatException.class);
        assertThatThrownBy(() -> new StoreFormat.In(new byte[] {0, 0, 1}).readInt()).isInstanceOf(EOFException.class);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }
}
