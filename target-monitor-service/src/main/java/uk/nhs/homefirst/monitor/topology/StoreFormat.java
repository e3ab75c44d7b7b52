package uk.nhs.homefirst.monitor.topology;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * The writing side: nullable strings, enums by name and instants to the nanosecond. The bytes are
     * {@link java.io.DataOutputStream}'s (big-endian, strings as {@code writeUTF}), written straight into
     * an array: the stream's synchronised writes and per-string buffers were a tenth of the catch-up.
     */
    static final class Out {

        private byte[] buffer = new byte[256];
        private int size;

        byte[] bytes() {
            return Arrays.copyOf(buffer, size);
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        void writeByte(int value) {
            room(1);
            buffer[size++] = (byte) value;
        }

        void writeBoolean(boolean value) {
            writeByte(value ? 1 : 0);
        }

        void writeInt(int value) {
            room(Integer.BYTES);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void writeLong(long value) {
            writeInt((int) (value >>> 32));
            writeInt((int) value);
        }

        /** As {@link java.io.DataOutputStream#writeUTF}: a two-byte length, then modified UTF-8. */
        void writeUTF(String value) throws IOException {
            int length = value.length();
            int encoded = 0;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                encoded += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
            }
            if (encoded > 0xFFFF) {
                throw new UTFDataFormatException("encoded string too long: " + encoded + " bytes");
            }
            room(2 + encoded);
            buffer[size++] = (byte) (encoded >>> 8);
            buffer[size++] = (byte) encoded;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c >= 0x0001 && c <= 0x007F) {
                    buffer[size++] = (byte) c;
                } else if (c > 0x07FF) {
                    buffer[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                    buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buffer[size++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buffer[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                    buffer[size++] = (byte) (0x80 | (c & 0x3F));
                }
            }
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

        void date(LocalDate value) {
            writeBoolean(value != null);
            if (value != null) {
                writeLong(value.toEpochDay());
            }
        }

        void instant(Instant value) {
            writeBoolean(value != null);
            if (value != null) {
                writeLong(value.getEpochSecond());
                writeInt(value.getNano());
            }
        }

        void tally(Tally value) {
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

    /** The reading side of {@link Out}: {@link java.io.DataInputStream}'s reading of the same bytes. */
    static final class In {

        /** Each enum's constants, to find one by its name's bytes without making a string of them. */
        private static final ClassValue<Enum<?>[]> CONSTANTS = new ClassValue<>() {
            @Override
            protected Enum<?>[] computeValue(Class<?> type) {
                return (Enum<?>[]) type.getEnumConstants();
            }
        };

        private final byte[] bytes;
        private int position;
        /** The format version of the value being read. */
        byte version = VERSION;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        int available() {
            return bytes.length - position;
        }

        private void need(int count) throws EOFException {
            if (bytes.length - position < count) {
                position = bytes.length;
                throw new EOFException();
            }
        }

        byte readByte() throws IOException {
            need(1);
            return bytes[position++];
        }

        boolean readBoolean() throws IOException {
            return readByte() != 0;
        }

        int readInt() throws IOException {
            need(Integer.BYTES);
            int value = (bytes[position] & 0xFF) << 24 | (bytes[position + 1] & 0xFF) << 16
                    | (bytes[position + 2] & 0xFF) << 8 | bytes[position + 3] & 0xFF;
            position += Integer.BYTES;
            return value;
        }

        long readLong() throws IOException {
            long high = readInt();
            return high << 32 | readInt() & 0xFFFFFFFFL;
        }

        /** As {@link java.io.DataInputStream#readUTF}: ASCII (every id and name here) read at once, the rest by it. */
        String readUTF() throws IOException {
            need(2);
            int length = (bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF;
            int start = position + 2;
            if (length <= bytes.length - start && ascii(start, length)) {
                position = start + length;
                return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
            }
            DataInputStream stream = new DataInputStream(new ByteArrayInputStream(bytes, position, bytes.length - position));
            try {
                return stream.readUTF();
            } finally {
                position = bytes.length - stream.available();
            }
        }

        private boolean ascii(int start, int length) {
            for (int i = start; i < start + length; i++) {
                if (bytes[i] < 0) {
                    return false;
                }
            }
            return true;
        }

        LocalDate date() throws IOException {
            return readBoolean() ? LocalDate.ofEpochDay(readLong()) : null;
        }

        String string() throws IOException {
            return readBoolean() ? readUTF() : null;
        }

        <E extends Enum<E>> E name(Class<E> type) throws IOException {
            if (!readBoolean()) {
                return null;
            }
            if (available() >= 2) {
                int length = (bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF;
                for (Enum<?> constant : CONSTANTS.get(type)) {
                    if (named(constant.name(), position + 2, length)) {
                        position += 2 + length;
                        return type.cast(constant);
                    }
                }
            }
            return Enum.valueOf(type, readUTF());
        }

        /** Whether the {@code length} bytes at {@code start} are {@code name}, an enum constant's (ASCII) name. */
        private boolean named(String name, int start, int length) {
            if (name.length() != length || length > bytes.length - start) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (bytes[start + i] != name.charAt(i)) {
                    return false;
                }
            }
            return true;
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
