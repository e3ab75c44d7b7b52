package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import uk.nhs.homefirst.events.Pathway;

/** The open cases, each with its current decision, oldest referral first. */
public final class TriageQueue {

    /** A case and its current decision, which is null only for a case not yet decided. */
    public record Entry(TriageCase triageCase, TriageDecision currentDecision) {
    }

    public record Page(List<Entry> entries, long total) {
    }

    private static final String FROM = """
            from TriageCase c
            left join TriageDecision d on d.referralId = c.referralId and d.decisionNumber = c.decisionCount
            where c.cancelledAt is null
            """;
    private static final String BY_PATHWAY = " and d.pathway = :pathway";
    private static final String BY_LDU = " and c.ldu = :ldu";

    private TriageQueue() {
    }

    /** @param ldu only the cases routed to this LDU; empty for every case, routed or not */
    public static Page page(Optional<Pathway> pathway, Optional<String> ldu, int page, int size) {
        EntityManager em = Panache.getEntityManager();
        String where = FROM + (pathway.isPresent() ? BY_PATHWAY : "") + (ldu.isPresent() ? BY_LDU : "");
        TypedQuery<Object[]> select = em.createQuery("select c, d " + where + " order by c.receivedAt, c.referralId",
                Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(c) " + where, Long.class);
        pathway.ifPresent(p -> {
            select.setParameter("pathway", p);
            count.setParameter("pathway", p);
        });
        ldu.ifPresent(l -> {
            select.setParameter("ldu", l);
            count.setParameter("ldu", l);
        });
        List<Entry> entries = select.setFirstResult(Math.multiplyExact(page, size)).setMaxResults(size)
                .getResultList().stream()
                .map(row -> new Entry((TriageCase) row[0], (TriageDecision) row[1]))
                .toList();
        return new Page(entries, count.getSingleResult());
    }
}
