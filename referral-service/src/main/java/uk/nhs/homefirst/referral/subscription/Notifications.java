package uk.nhs.homefirst.referral.subscription;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * The notifications owed to subscriptions, written in the transaction of the status change: a change
 * that commits is never without them, and one rolled back owes nothing. Delivery is
 * {@link SubscriptionDelivery}'s, apart from the change.
 */
@ApplicationScoped
public class Notifications {

    // One statement for all the changes of a transaction (a consumer's batch holds hundreds), whatever
    // the number of subscriptions: those of each referral's organisation whose criteria select its new
    // status, the latest change of a referral for each. A notification still owed takes the new
    // sequence and keeps its schedule, so that a failing endpoint is not called sooner for each change.
    private static final String OWE = """
            INSERT INTO subscription_notification (subscription_id, referral_id, sequence, due_at)
            SELECT DISTINCT ON (s.id, o.referral_id) s.id, o.referral_id, o.sequence, now()
              FROM unnest(?::uuid[], ?::int[], ?::text[], ?::text[]) AS o(referral_id, sequence, ods_code, status)
              JOIN fhir_subscription s ON s.ods_code = o.ods_code
                   AND (cardinality(s.statuses) = 0 OR o.status = ANY (s.statuses))
             WHERE s.end_at IS NULL OR s.end_at > now()
             ORDER BY s.id, o.referral_id, o.sequence DESC
            ON CONFLICT (subscription_id, referral_id) DO UPDATE SET sequence = EXCLUDED.sequence
            """;

    /** The transaction's resource holding the changes that owe notifications. */
    private static final Object OWED = new Object();

    private record Owed(String referralId, int sequence, String odsCode, String status) {
    }

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;

    Notifications(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions) {
        this.dataSource = dataSource;
        this.transactions = transactions;
    }

    /**
     * The referral's status changed: its organisation's subscriptions that select the new status are
     * owed its Task. Written just before the transaction commits, with the transaction's other changes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void owe(Referral referral) {
        @SuppressWarnings("unchecked")
        List<Owed> owed = (List<Owed>) transactions.getResource(OWED);
        if (owed == null) {
            List<Owed> changes = new ArrayList<>();
            transactions.putResource(OWED, changes);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    write(changes);
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            owed = changes;
        }
        owed.add(new Owed(referral.id.toString(), referral.statusSequence, referral.referrerOdsCode,
                referral.status.name()));
    }

    private void write(List<Owed> owed) {
        int n = owed.size();
        // Only in the transaction itself is the connection the change's own: else the rows would not commit with it.
        if (transactions.getTransactionStatus() != jakarta.transaction.Status.STATUS_ACTIVE) {
            throw new IllegalStateException("The notifications of " + n + " status changes came after their transaction");
        }
        String[] ids = new String[n];
        String[] sequences = new String[n];
        String[] organisations = new String[n];
        String[] statuses = new String[n];
        for (int i = 0; i < n; i++) {
            Owed o = owed.get(i);
            ids[i] = o.referralId();
            sequences[i] = Integer.toString(o.sequence());
            organisations[i] = o.odsCode();
            statuses[i] = o.status();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(OWE)) {
            insert.setArray(1, connection.createArrayOf("text", ids));
            insert.setArray(2, connection.createArrayOf("text", sequences));
            insert.setArray(3, connection.createArrayOf("text", organisations));
            insert.setArray(4, connection.createArrayOf("text", statuses));
            insert.executeUpdate();
        } catch (SQLException e) {
            // Thrown before the commit: the transaction rolls back, its change with it, and is tried again.
            throw new IllegalStateException("Could not record the notifications of " + n + " status changes", e);
        }
    }
}
