package uk.nhs.homefirst.referral.intake;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * A transaction-scoped PostgreSQL advisory lock on a source reference (source system and its
 * referral id), so that two requests for the same referral, on any instance, take turns: the second
 * finds the first one's referral instead of failing on the unique index.
 */
@ApplicationScoped
public class SourceReferenceLock {

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String sourceSystem, String sourceReferralId) {
        Panache.getEntityManager()
                .createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS held")
                .setParameter(1, "referral-source\u001f" + sourceSystem + "\u001f" + sourceReferralId)
                .getSingleResult();
    }
}
