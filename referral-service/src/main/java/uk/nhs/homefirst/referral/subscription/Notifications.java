package uk.nhs.homefirst.referral.subscription;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import uk.nhs.homefirst.referral.store.Referral;

/**
 * The notifications owed to subscriptions, written in the transaction of the status change: a change
 * that commits is never without them, and one rolled back owes nothing. Delivery is
 * {@link SubscriptionDelivery}'s, apart from the change.
 */
@ApplicationScoped
public class Notifications {

    // One statement whatever the number of subscriptions: those of the referral's organisation whose
    // criteria select its new status. A notification still owed takes the new sequence and keeps its
    // schedule, so that a failing endpoint is not called sooner for each change.
    private static final String OWE = """
            INSERT INTO subscription_notification (subscription_id, referral_id, sequence, due_at)
            SELECT s.id, ?, ?, now() FROM fhir_subscription s
             WHERE s.ods_code = ? AND (cardinality(s.statuses) = 0 OR ? = ANY (s.statuses))
               AND (s.end_at IS NULL OR s.end_at > now())
            ON CONFLICT (subscription_id, referral_id) DO UPDATE SET sequence = EXCLUDED.sequence
            """;

    private final AgroalDataSource dataSource;

    Notifications(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The referral's status changed: its organisation's subscriptions that select the new status are owed its Task. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void owe(Referral referral) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement owe = connection.prepareStatement(OWE)) {
            owe.setObject(1, referral.id);
            owe.setInt(2, referral.statusSequence);
            owe.setString(3, referral.referrerOdsCode);
            owe.setString(4, referral.status.name());
            owe.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the notifications of a status change", e);
        }
    }
}
