package uk.nhs.homefirst.triage.rules;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.triage.store.RuleVersion;

/**
 * The versions of the rule table in the database, and the one in effect. An approved version never
 * changes, so each is parsed once and kept; which one is in effect is read with each batch, so that
 * every instance of the service switches at the version's time.
 */
@ApplicationScoped
@Startup
public class RuleBook {

    private static final Logger LOG = Logger.getLogger(RuleBook.class);
    public static final String BUILT_IN_AUTHOR = "built-in";

    /** A version and its table. */
    public record InEffect(int version, RuleTable table) {
    }

    private final Map<Integer, RuleTable> approved = new ConcurrentHashMap<>();
    private final EntityManager entityManager;

    RuleBook(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A new database starts with version 1, in effect from 1970; every instance may try. */
    @PostConstruct
    void seed() {
        QuarkusTransaction.requiringNew().run(() -> {
            int inserted = entityManager.createNativeQuery("""
                    INSERT INTO rule_version (version, status, effective_from, table_csv, note, created_by, created_at,
                                              decided_by, decided_at)
                    VALUES (1, 'APPROVED', TIMESTAMPTZ '1970-01-01 00:00:00+00', :csv, 'The rules as first written', :author, now(), :author, now())
                    ON CONFLICT (version) DO NOTHING""")
                    .setParameter("csv", RuleTableCsv.write(TriageRules.BUILT_IN))
                    .setParameter("author", BUILT_IN_AUTHOR)
                    .executeUpdate();
            if (inserted == 1) {
                LOG.info("Rule table version 1 stored from " + TriageRules.BUILT_IN_FILE);
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public InEffect inEffectAt(Instant at) {
        int version = RuleVersion.inEffectAt(at).orElseThrow(
                () -> new IllegalStateException("No rule table is in effect at " + at + ": version 1 is missing"));
        return new InEffect(version, approved.computeIfAbsent(version, v -> parse(RuleVersion.findById(v))));
    }

    /** The table of a stored version, whatever its status. */
    public static RuleTable parse(RuleVersion stored) {
        Violations violations = new Violations();
        List<RuleRowInput> rows = RuleTableCsv.read(stored.tableCsv, violations);
        RuleTable table = rows == null ? null : RuleTable.of(rows, violations);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Rule table version " + stored.version + " no longer reads: " + violations.errors());
        }
        return table;
    }
}
