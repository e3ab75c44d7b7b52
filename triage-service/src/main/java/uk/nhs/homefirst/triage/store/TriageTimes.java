package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.Panache;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import uk.nhs.homefirst.triage.figures.TimeToTriage;
import uk.nhs.homefirst.triage.rules.TriageRules;

/** The cases of an LDU received since a time, with the decision that triaged each ({@link TimeToTriage}). */
public final class TriageTimes {

    private static final String SELECT = """
            select c.received_at, c.cancelled_at is not null, c.out_of_hours, t.decided_at, t.decided_by = :rules
              from triage_case c
              left join lateral (
                select d.decided_at, d.decided_by from triage_decision d
                 where d.referral_id = c.referral_id and not d.to_confirm
                 order by d.decision_number limit 1) t on true
             where c.ldu = :ldu and c.received_at >= :since
            """;

    private TriageTimes() {
    }

    public static List<TimeToTriage.Case> since(String ldu, Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(SELECT)
                .setParameter("rules", TriageRules.DECIDED_BY)
                .setParameter("ldu", ldu)
                .setParameter("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .getResultList();
        return rows.stream().map(r -> new TimeToTriage.Case(TriageQueue.instant(r[0]), (Boolean) r[1], (Boolean) r[2],
                TriageQueue.instant(r[3]), Boolean.TRUE.equals(r[4]))).toList();
    }
}
