package uk.nhs.homefirst.monitor.figures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The figure of one hub, standard and period. A month is finalised at its end: {@code finalised}
 * keeps what it was then, and every later change is a {@link Revision}, so that what was reported
 * is never changed silently; {@code counts} is the figure now.
 */
public record Figure(Tally counts, Instant finalisedAt, Tally finalised, List<Revision> revisions) {

    public static final Figure EMPTY = new Figure(Tally.NONE, null, null, List.of());

    public Figure {
        revisions = revisions == null ? List.of() : List.copyOf(revisions);
    }

    public boolean isFinal() {
        return finalisedAt != null;
    }

    public boolean revised() {
        return !revisions.isEmpty();
    }

    public Figure finalise(Instant at) {
        return new Figure(counts, at, counts, revisions);
    }

    /** The figure with {@code counts} as they are now: a revision, when it was finalised. */
    public Figure change(Tally now, Instant at, String clockId, String eventId, String eventType) {
        if (!isFinal()) {
            return new Figure(now, null, null, revisions);
        }
        List<Revision> more = new ArrayList<>(revisions);
        more.add(new Revision(at, counts, now, clockId, eventId, eventType));
        return new Figure(now, finalisedAt, finalised, more);
    }
}
