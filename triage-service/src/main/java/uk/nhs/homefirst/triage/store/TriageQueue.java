package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.triage.review.ReviewQueue;

/**
 * The review queue: the open cases a person must act on ({@link ReviewQueue#reasons}), those received
 * while their LDU was closed first, then what breaches first (receipt plus the standard's duration),
 * then the oldest, then those with no standard.
 */
public final class TriageQueue {

    /** A case, its current decision (null only for a case not yet decided) and when it breaches (or null). */
    public record Entry(TriageCase triageCase, TriageDecision currentDecision, Instant breachesAt) {
    }

    public record Page(List<Entry> entries, long total) {
    }

    /** The same conditions as {@link ReviewQueue#reasons}, for PostgreSQL. */
    private static final String FROM = """
            from triage_case c
            left join triage_decision d on d.referral_id = c.referral_id and d.decision_number = c.decision_count
            where c.cancelled_at is null
              and (c.review_cause is not null
                or c.ldu is null
                or d.to_confirm
                or (d.pathway = 'BED_BASED' and d.bed_type is null)
                or (c.decision_count = 0 and c.received_at < :undecidedBefore))
            """;
    private static final String BY_PATHWAY = " and d.pathway = :pathway";
    private static final String BY_LDU = " and c.ldu = :ldu";
    /** Literal durations from {@link ReviewQueue#DEADLINES}: nothing a caller sends. */
    private static final String BREACHES_AT = ReviewQueue.DEADLINES.entrySet().stream()
            .map(e -> "when '" + e.getKey().name() + "' then c.received_at + interval '" + e.getValue().toSeconds()
                    + " seconds'")
            .collect(Collectors.joining(" ", "case d.standard ", " end"));

    private TriageQueue() {
    }

    /** @param ldu only the cases routed to this LDU; empty for every case, routed or not */
    public static Page page(Optional<Pathway> pathway, Optional<String> ldu, int page, int size, Instant now,
            Duration undecidedAfter) {
        EntityManager em = Panache.getEntityManager();
        String where = FROM + (pathway.isPresent() ? BY_PATHWAY : "") + (ldu.isPresent() ? BY_LDU : "");
        Query select = em.createNativeQuery("select c.referral_id, " + BREACHES_AT + " as breaches_at " + where
                + " order by c.out_of_hours desc, breaches_at nulls last, c.received_at, c.referral_id limit :size offset :offset");
        Query count = em.createNativeQuery("select count(*) " + where);
        for (Query query : List.of(select, count)) {
            query.setParameter("undecidedBefore", OffsetDateTime.ofInstant(now.minus(undecidedAfter), ZoneOffset.UTC));
            pathway.ifPresent(p -> query.setParameter("pathway", p.name()));
            ldu.ifPresent(l -> query.setParameter("ldu", l));
        }
        select.setParameter("size", size).setParameter("offset", (long) page * size);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        List<UUID> ids = rows.stream().map(row -> (UUID) row[0]).toList();
        Map<UUID, TriageCase> cases = ids.isEmpty() ? Map.of() : TriageCase.<TriageCase>list("referralId in ?1", ids)
                .stream().collect(Collectors.toMap(c -> c.referralId, Function.identity()));
        Map<UUID, TriageDecision> current = new HashMap<>();
        if (!ids.isEmpty()) {
            TriageDecision.<TriageDecision>list("referralId in ?1", ids).forEach(d -> {
                if (d.decisionNumber == cases.get(d.referralId).decisionCount) {
                    current.put(d.referralId, d);
                }
            });
        }
        List<Entry> entries = new ArrayList<>();
        for (Object[] row : rows) {
            UUID id = (UUID) row[0];
            entries.add(new Entry(cases.get(id), current.get(id), instant(row[1])));
        }
        return new Page(entries, ((Number) count.getSingleResult()).longValue());
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
