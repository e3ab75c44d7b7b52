package uk.nhs.homefirst.monitor.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
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
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Announcement;
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Contribution;
import uk.nhs.homefirst.monitor.topology.ReferralRecord.Kind;

/**
 * A compact binary form for what the topology's own stores and its repartition topic hold, read
 * and written once or more per event (and the global stores' local copies of the board and figures):
 * JSON of them was a quarter of the catch-up. Each value
 * starts with a version byte ({@link #VERSION}; version 1, before origins and discharges, and 2,
 * before the judged clocks carried their origin, are still read); a value starting with {@code '{'} is the JSON the stores held before, still read, so a
 * store and its changelog outlive the upgrade. The topics
 * other services or people read (board, alert list, figures, target-alerts) stay JSON.
 */
final class StoreFormat {

    static final byte VERSION = 3;
    /** The first binary version: no origin, no discharge. */
    static final byte VERSION_1 = 1;
    /** Origins and discharges in the history and board; none yet with a judged clock or contribution. */
    static final byte VERSION_2 = 2;

    interface Writer<T> {
        void write(Out out, T value) throws IOException;
    }

    interface Reader<T> {
        T read(In in) throws IOException;
    }

    private StoreFormat() {
    }

    static final Serde<ReferralRecord> REFERRAL_RECORD = serde(ReferralRecord.class, StoreFormat::writeRecord,
            StoreFormat::readRecord);
    static final Serde<JudgedClock> JUDGED_CLOCK = serde(JudgedClock.class, StoreFormat::writeJudged,
            StoreFormat::readJudged);
    static final Serde<Figure> FIGURE = serde(Figure.class, StoreFormat::writeFigure, StoreFormat::readFigure);
    static final Serde<Evaluation> EVALUATION = serde(Evaluation.class, StoreFormat::writeEvaluation,
            StoreFormat::readEvaluation);

    static <T> Serde<T> serde(Class<T> type, Writer<T> writer, Reader<T> reader) {
        Serde<T> json = MonitorSerdes.json(type);
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            Out out = new Out();
            try {
                out.writeByte(VERSION);
                writer.write(out, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.bytes();
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                return json.deserializer().deserialize(topic, bytes);
            }
            if (bytes.length == 0 || bytes[0] < VERSION_1 || bytes[0] > VERSION) {
                throw new SerializationException("A " + type.getSimpleName() + " in a format this version does not know ("
                        + (bytes.length == 0 ? "empty" : "version " + bytes[0]) + ")");
            }
            try {
                In in = new In(bytes);
                in.version = in.readByte();
                return reader.read(in);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Could not read a " + type.getSimpleName(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    // ReferralRecord

    private static void writeRecord(Out out, ReferralRecord r) throws IOException {
        ReferralHistory.Snapshot h = r.history();
        out.writeBoolean(h != null);
        if (h != null) {
            out.instant(h.receivedAt());
            out.instant(h.receivedAtFromTriage());
            out.instant(h.cancelledAt());
            out.list(h.decisions(), (o, d) -> {
                o.string(d.referralId());
                o.writeInt(d.decisionNumber());
                o.instant(d.decidedAt());
                o.instant(d.receivedAt());
                o.name(d.standard());
                o.name(d.pathway());
            });
            out.list(h.allocations(), (o, a) -> {
                o.string(a.referralId());
                o.writeInt(a.allocationNumber());
                o.instant(a.allocatedAt());
                o.string(a.hubId());
                o.name(a.method());
            });
            out.list(h.visits(), (o, v) -> {
                o.string(v.referralId());
                o.string(v.visitId());
                o.instant(v.visitedAt());
                o.name(v.outcome());
            });
            out.name(h.origin());
            out.writeBoolean(h.awaitsDischarge());
            out.instant(h.dischargedAt());
            out.writeBoolean(h.expectedDischarge() != null);
            if (h.expectedDischarge() != null) {
                out.instant(h.expectedDischarge().changedAt());
                out.date(h.expectedDischarge().date());
            }
        }
        out.writeBoolean(r.onBoard() != null);
        if (r.onBoard() != null) {
            writeEvaluation(out, r.onBoard());
        }
        out.list(r.contributions(), (o, c) -> {
            o.string(c.hubId());
            o.name(c.standard());
            o.writeInt(c.clockNumber());
            o.name(c.status());
            o.instant(c.resolvedAt());
            o.name(c.origin());
        });
        out.list(r.announcements(), (o, a) -> {
            o.name(a.kind());
            o.writeInt(a.clockNumber());
            o.string(a.hubId());
            o.name(a.standard());
            o.instant(a.deadline());
            o.instant(a.at());
            o.writeBoolean(a.listed());
        });
        out.instant(r.scheduledAt());
        out.instant(r.evictedAt());
        // Appended, so that a record written before visits had revisions (which ends above) still reads.
        if (h != null) {
            out.list(h.visits(), (o, v) -> {
                o.writeInt(v.revision());
                o.name(v.contactType());
            });
            out.list(h.voids(), (o, x) -> {
                o.string(x.referralId());
                o.string(x.visitId());
                o.writeInt(x.revision());
                o.instant(x.voidedAt());
            });
            // Appended after the voids, so that a record written before episodes closed still reads.
            out.instant(h.closedAt());
        }
    }

    private static ReferralRecord readRecord(In in) throws IOException {
        ReferralHistory.Snapshot history = null;
        if (in.readBoolean()) {
            Instant receivedAt = in.instant();
            Instant fromTriage = in.instant();
            Instant cancelledAt = in.instant();
            List<Fact.Decided> decisions = in.list(i -> new Fact.Decided(i.string(), i.readInt(), i.instant(), i.instant(),
                    i.name(ResponseStandard.class), i.name(Pathway.class)));
            List<Fact.Allocated> allocations = in.list(i -> new Fact.Allocated(i.string(), i.readInt(), i.instant(),
                    i.string(), i.name(AllocationMethod.class)));
            List<Fact.Visited> visits = in.list(i -> new Fact.Visited(i.string(), i.string(), i.instant(),
                    i.name(VisitOutcome.class)));
            if (in.version >= VERSION_2) {
                Origin origin = in.name(Origin.class);
                boolean awaits = in.readBoolean();
                Instant dischargedAt = in.instant();
                ReferralHistory.ExpectedDate expected = in.readBoolean()
                        ? new ReferralHistory.ExpectedDate(in.instant(), in.date()) : null;
                history = new ReferralHistory.Snapshot(receivedAt, fromTriage, cancelledAt, decisions, allocations, visits,
                        origin, awaits, dischargedAt, expected);
            } else {
                history = new ReferralHistory.Snapshot(receivedAt, fromTriage, cancelledAt, decisions, allocations, visits);
            }
        }
        Evaluation onBoard = in.readBoolean() ? readEvaluation(in) : null;
        List<Contribution> contributions = in.list(i -> new Contribution(i.string(), i.name(ResponseStandard.class),
                i.readInt(), i.name(ClockStatus.class), i.instant(), i.version >= VERSION ? i.name(Origin.class) : null));
        List<Announcement> announcements = in.list(i -> new Announcement(i.name(Kind.class), i.readInt(), i.string(),
                i.name(ResponseStandard.class), i.instant(), i.instant(), i.readBoolean()));
        Instant scheduledAt = in.instant();
        Instant evictedAt = in.instant();
        if (history != null && in.available() > 0) {
            history = withVisitRevisions(history, in);
        }
        return new ReferralRecord(history, onBoard, contributions, announcements, scheduledAt, evictedAt);
    }

    /** The history with its visits' revisions and contact types, its voids and its closure, as appended to the record. */
    private static ReferralHistory.Snapshot withVisitRevisions(ReferralHistory.Snapshot h, In in) throws IOException {
        record VisitRevision(int number, ContactType contactType) {
        }
        List<VisitRevision> revisions = in.list(i -> new VisitRevision(i.readInt(), i.name(ContactType.class)));
        List<Fact.Visited> visits = new ArrayList<>(h.visits().size());
        for (int v = 0; v < h.visits().size(); v++) {
            Fact.Visited visit = h.visits().get(v);
            visits.add(new Fact.Visited(visit.referralId(), visit.visitId(), visit.visitedAt(), visit.outcome(),
                    revisions.get(v).contactType(), revisions.get(v).number()));
        }
        List<Fact.VisitVoided> voids = in.list(i -> new Fact.VisitVoided(i.string(), i.string(), i.readInt(), i.instant()));
        Instant closedAt = in.available() > 0 ? in.instant() : null;
        return new ReferralHistory.Snapshot(h.receivedAt(), h.receivedAtFromTriage(), h.cancelledAt(), h.decisions(),
                h.allocations(), visits, h.origin(), h.awaitsDischarge(), h.dischargedAt(), h.expectedDischarge(), voids,
                closedAt);
    }

    private static void writeEvaluation(Out out, Evaluation e) throws IOException {
        out.list(e.clocks(), (o, c) -> {
            o.string(c.referralId());
            o.writeInt(c.sequence());
            o.name(c.standard());
            o.instant(c.startedAt());
            o.instant(c.deadline());
            o.instant(c.stoppedAt());
            o.name(c.settled());
            o.instant(c.settledAt());
            o.name(c.exclusionReason());
            o.string(c.settledHub());
            o.string(c.hubAtDeadline());
            o.string(c.currentHub());
            o.name(c.pathway());
        });
        out.instant(e.awaitingTriageSince());
        out.name(e.origin());
        out.writeBoolean(e.awaitingDischarge() != null);
        if (e.awaitingDischarge() != null) {
            out.instant(e.awaitingDischarge().receivedAt());
            out.date(e.awaitingDischarge().expectedDate());
        }
    }

    private static Evaluation readEvaluation(In in) throws IOException {
        List<ResponseClock> clocks = in.list(i -> new ResponseClock(i.string(), i.readInt(), i.name(ResponseStandard.class),
                i.instant(), i.instant(), i.instant(), i.name(ClockStatus.class), i.instant(),
                i.name(ExclusionReason.class), i.string(), i.string(), i.string(), i.name(Pathway.class)));
        Instant awaitingTriageSince = in.instant();
        if (in.version < VERSION_2) {
            return new Evaluation(clocks, awaitingTriageSince);
        }
        Origin origin = in.name(Origin.class);
        AwaitingDischarge awaiting = in.readBoolean() ? new AwaitingDischarge(in.instant(), in.date()) : null;
        return new Evaluation(clocks, awaitingTriageSince, origin, awaiting);
    }

    // JudgedClock

    private static void writeJudged(Out out, JudgedClock c) throws IOException {
        out.string(c.clockId());
        out.name(c.status());
        out.instant(c.resolvedAt());
        out.name(c.origin());
        out.string(c.eventId());
        out.string(c.eventType());
    }

    private static JudgedClock readJudged(In in) throws IOException {
        String clockId = in.string();
        ClockStatus status = in.name(ClockStatus.class);
        Instant resolvedAt = in.instant();
        // Sent before the split: a community clock, as every referral was then (none when withdrawn).
        Origin origin = in.version >= VERSION ? in.name(Origin.class) : status == null ? null : Origin.COMMUNITY;
        return new JudgedClock(clockId, status, resolvedAt, origin, in.string(), in.string());
    }

    // Figure

    private static void writeFigure(Out out, Figure f) throws IOException {
        out.tally(f.counts());
        out.instant(f.finalisedAt());
        out.tally(f.finalised());
        out.list(f.revisions(), (o, r) -> {
            o.instant(r.at());
            o.tally(r.before());
            o.tally(r.after());
            o.string(r.clockId());
            o.string(r.eventId());
            o.string(r.eventType());
        });
    }

    private static Figure readFigure(In in) throws IOException {
        return new Figure(in.tally(), in.instant(), in.tally(), in.list(i -> new Revision(i.instant(), i.tally(),
                i.tally(), i.string(), i.string(), i.string())));
    }

    /** The writing side: nullable strings, enums by name and instants to the nanosecond. */
    static final class Out extends DataOutputStream {

        Out() {
            super(new ByteArrayOutputStream(128));
        }

        byte[] bytes() {
            return ((ByteArrayOutputStream) out).toByteArray();
        }

        void string(String value) throws IOException {
            writeBoolean(value != null);
            if (value != null) {
                writeUTF(value);
            }
        }

        void name(Enum<?> value) throws IOException {
            string(value == null ? null : value.name());
        }

        void date(LocalDate value) throws IOException {
            writeBoolean(value != null);
            if (value != null) {
                writeLong(value.toEpochDay());
            }
        }

        void instant(Instant value) throws IOException {
            writeBoolean(value != null);
            if (value != null) {
                writeLong(value.getEpochSecond());
                writeInt(value.getNano());
            }
        }

        void tally(Tally value) throws IOException {
            writeBoolean(value != null);
            if (value != null) {
                writeInt(value.met());
                writeInt(value.breached());
                writeInt(value.excluded());
            }
        }

        <T> void list(List<T> values, Writer<T> each) throws IOException {
            writeInt(values.size());
            for (T value : values) {
                each.write(this, value);
            }
        }
    }

    /** The reading side of {@link Out}. */
    static final class In extends DataInputStream {

        /** The format version of the value being read. */
        byte version = VERSION;

        In(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        LocalDate date() throws IOException {
            return readBoolean() ? LocalDate.ofEpochDay(readLong()) : null;
        }

        String string() throws IOException {
            return readBoolean() ? readUTF() : null;
        }

        <E extends Enum<E>> E name(Class<E> type) throws IOException {
            String name = string();
            return name == null ? null : Enum.valueOf(type, name);
        }

        Instant instant() throws IOException {
            return readBoolean() ? Instant.ofEpochSecond(readLong(), readInt()) : null;
        }

        Tally tally() throws IOException {
            return readBoolean() ? new Tally(readInt(), readInt(), readInt()) : null;
        }

        <T> List<T> list(Reader<T> each) throws IOException {
            int size = readInt();
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(each.read(this));
            }
            return values;
        }
    }
}
