package uk.nhs.homefirst.referral.support;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import uk.nhs.homefirst.harness.Sql;

/** Reads the service's own database, to see what a request stored, beyond what the API shows. */
public final class Database {

    private final AgroalDataSource dataSource;

    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String sql, Object... parameters) {
        return Sql.count(dataSource, sql, parameters);
    }

    /** Referrals whose reason text contains {@code token}. */
    public long referralsWithReason(String token) {
        return count("SELECT count(*) FROM referral WHERE strpos(reason_text, ?) > 0", token);
    }

    /** Outbox rows on {@code referrals}, published or not, of a referral: one per event it announced there. */
    public long outboxRows(String referralId) {
        return outboxRows(referralId, "referrals");
    }

    /** Outbox rows of a referral on one topic (its status changes are on referral-status). */
    public long outboxRows(String referralId, String topic) {
        return count("SELECT count(*) FROM outbox_event WHERE message_key = ? AND topic = ?", referralId, topic);
    }

    /** Events of a referral on {@code referrals} that Kafka has not acknowledged yet. */
    public long unpublishedEvents(String referralId) {
        return count("SELECT count(*) FROM outbox_unpublished u JOIN outbox_event e ON e.id = u.id "
                + "WHERE u.message_key = ? AND e.topic = 'referrals'", referralId);
    }

    public void execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection of the test's own, outside the application's transactions, to hold a lock. */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }
}
