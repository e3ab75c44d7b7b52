package uk.nhs.homefirst.platform.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Makes a transaction that writes with plain JDBC (the outbox, the processed-event log) commit its
 * entities too, or not commit at all.
 *
 * <p>Hibernate writes the entities of a JTA transaction at its commit, in a synchronization that
 * does nothing once the {@code EntityManagerFactory} is closed: its {@code beforeCompletion} returns
 * early when the session's JDBC context is no longer active, which is
 * {@code !sessionFactory.isClosed()} (Hibernate 7.2, {@code SynchronizationCallbackCoordinatorNonTrackingImpl}
 * and {@code JdbcSessionContextImpl.isActive}). When the application stopped mid-transaction, the
 * factory closed, the commit went through without the entities, and the rows written on the
 * connection (an outbox event, processed marks) committed alone. So this flushes the transaction's
 * session itself before completion: on a closed session that throws, and the transaction rolls back.
 */
@ApplicationScoped
public class FlushBeforeCommit {

    /** The transaction's resource saying it is guarded already. */
    private static final Object GUARDED = new Object();

    private final TransactionSynchronizationRegistry transactions;
    private final Instance<EntityManager> entityManagers;

    FlushBeforeCommit(TransactionSynchronizationRegistry transactions, Instance<EntityManager> entityManagers) {
        this.transactions = transactions;
        this.entityManagers = entityManagers;
    }

    /**
     * Called in the active transaction by a writer that writes on the connection: its entities are
     * flushed before it completes, and a failure to flush rolls it back. Once a transaction.
     */
    public void guard() {
        // Unsatisfied: an application without Hibernate ORM, which has no entities to lose.
        if (transactions.getResource(GUARDED) != null || entityManagers.isUnsatisfied()) {
            return;
        }
        EntityManager entityManager = entityManagers.get();
        // Joins the transaction's session now (a closed factory fails here already), so that the flush
        // at completion finds it rather than opening one while the transaction completes.
        entityManager.getFlushMode();
        transactions.putResource(GUARDED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                entityManager.flush();
            }

            @Override
            public void afterCompletion(int status) {
            }
        });
    }
}
