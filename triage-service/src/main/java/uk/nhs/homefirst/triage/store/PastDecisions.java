package uk.nhs.homefirst.triage.store;

import io.quarkus.hibernate.orm.panache.Panache;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.ClinicalNeed;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.events.RequestedUrgency;
import uk.nhs.homefirst.triage.rules.DryRun;
import uk.nhs.homefirst.triage.rules.TriageRules;

/** The referrals received since a time whose first decision the rules made, for a dry run of a draft table. */
public final class PastDecisions {

    private static final String SELECT = """
            select c.referral_id, c.requested_urgency, c.clinical_needs, c.discharge_pathway,
                   first.pathway, first.rule, first.rule_version,
                   case when now.decided_by <> :rules then now.pathway end
              from triage_case c
              join triage_decision first on first.referral_id = c.referral_id and first.decision_number = 1
              join triage_decision now on now.referral_id = c.referral_id and now.decision_number = c.decision_count
             where c.received_at >= :since and first.decided_by = :rules
             order by c.received_at, c.referral_id
            """;

    private PastDecisions() {
    }

    public static List<DryRun.Past> since(Instant since) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery(SELECT)
                .setParameter("rules", TriageRules.DECIDED_BY)
                .setParameter("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .getResultList();
        return rows.stream().map(r -> new DryRun.Past((UUID) r[0], RequestedUrgency.valueOf((String) r[1]), needs(r[2]),
                r[3] == null ? null : ((Number) r[3]).intValue(), Pathway.valueOf((String) r[4]), (String) r[5],
                r[6] == null ? null : ((Number) r[6]).intValue(), r[7] == null ? null : Pathway.valueOf((String) r[7])))
                .toList();
    }

    private static EnumSet<ClinicalNeed> needs(Object array) {
        EnumSet<ClinicalNeed> needs = EnumSet.noneOf(ClinicalNeed.class);
        Object[] values = array instanceof java.sql.Array a ? sqlArray(a) : (Object[]) array;
        Arrays.stream(values).map(v -> ClinicalNeed.valueOf((String) v)).forEach(needs::add);
        return needs;
    }

    private static Object[] sqlArray(java.sql.Array array) {
        try {
            return (Object[]) array.getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
