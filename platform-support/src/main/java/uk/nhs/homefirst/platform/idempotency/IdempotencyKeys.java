package uk.nhs.homefirst.platform.idempotency;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The idempotency keys in the database, shared by every instance. A request claims its key in a
 * transaction of its own, committed at once, so that a twin on any instance sees it in flight; the
 * response is stored in the transaction that made it, so that a key is completed if and only if its
 * effect committed.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    // A key is free when it has expired, or when the request that claimed it died before answering.
    private static final String CLAIM = """
            INSERT INTO idempotency_key (scope, idempotency_key, fingerprint, owner, state, lease_until, created_at,
                                         expires_at)
            VALUES (?, ?, ?, ?, 'IN_FLIGHT', ?, ?, ?)
            ON CONFLICT (scope, idempotency_key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, owner = EXCLUDED.owner, state = 'IN_FLIGHT',
                   lease_until = EXCLUDED.lease_until, created_at = EXCLUDED.created_at,
                   expires_at = EXCLUDED.expires_at, response_status = NULL, response_location = NULL,
                   response_body = NULL
             WHERE idempotency_key.expires_at <= EXCLUDED.created_at
                OR (idempotency_key.state = 'IN_FLIGHT' AND idempotency_key.lease_until <= EXCLUDED.created_at)
            RETURNING owner
            """;
    private static final String READ = """
            SELECT fingerprint, state, response_status, response_location, response_body
              FROM idempotency_key WHERE scope = ? AND idempotency_key = ?
            """;
    private static final String COMPLETE = """
            UPDATE idempotency_key
               SET state = 'COMPLETED', response_status = ?, response_location = ?, response_body = ?
             WHERE scope = ? AND idempotency_key = ? AND owner = ? AND state = 'IN_FLIGHT'
            """;
    private static final String RELEASE = """
            DELETE FROM idempotency_key WHERE scope = ? AND idempotency_key = ? AND owner = ? AND state = 'IN_FLIGHT'
            """;
    private static final String DELETE_EXPIRED = """
            DELETE FROM idempotency_key WHERE ctid IN (
                SELECT ctid FROM idempotency_key WHERE expires_at <= ? LIMIT 10000)
            """;

    private final AgroalDataSource dataSource;
    private final IdempotencyConfig config;
    private final Clock clock;

    IdempotencyKeys(AgroalDataSource dataSource, IdempotencyConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /** Claims the key for a request with this payload fingerprint, or tells what holds it. */
    public Claim claim(String scope, IdempotencyKey key, String fingerprint) {
        // A key released between the insert and the read is free again: try once more.
        for (int attempt = 0; attempt < 3; attempt++) {
            Claim claim = QuarkusTransaction.requiringNew().call(() -> tryClaim(scope, key, fingerprint));
            if (claim != null) {
                return claim;
            }
        }
        return new Claim.InFlight();
    }

    private Claim tryClaim(String scope, IdempotencyKey key, String fingerprint) throws SQLException {
        Instant now = clock.instant();
        UUID owner = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(CLAIM)) {
                insert.setString(1, scope);
                insert.setString(2, key.value());
                insert.setString(3, fingerprint);
                insert.setObject(4, owner);
                insert.setObject(5, utc(now.plus(config.inFlightTimeout())));
                insert.setObject(6, utc(now));
                insert.setObject(7, utc(now.plus(config.retention())));
                try (ResultSet rs = insert.executeQuery()) {
                    if (rs.next()) {
                        return new Claim.Taken(owner);
                    }
                }
            }
            try (PreparedStatement read = connection.prepareStatement(READ)) {
                read.setString(1, scope);
                read.setString(2, key.value());
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    return Claim.decide(new Claim.Stored(rs.getString(1), "COMPLETED".equals(rs.getString(2)),
                            rs.getInt(3), rs.getString(4), rs.getString(5)), fingerprint);
                }
            }
        }
    }

    /**
     * Stores the response of the request that holds the key, in the caller's transaction. False when
     * it no longer holds it (it outlasted its in-flight timeout and a retry took the key over): the
     * caller must then roll back, so that the effect happens once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean complete(String scope, IdempotencyKey key, UUID owner, int status, String location, String body) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(COMPLETE)) {
            update.setInt(1, status);
            update.setString(2, location);
            update.setString(3, body);
            update.setString(4, scope);
            update.setString(5, key.value());
            update.setObject(6, owner);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the response of an idempotent request", e);
        }
    }

    /** Frees a key whose request failed, so that a retry is processed anew. */
    public void release(String scope, IdempotencyKey key, UUID owner) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement delete = connection.prepareStatement(RELEASE)) {
                    delete.setString(1, scope);
                    delete.setString(2, key.value());
                    delete.setObject(3, owner);
                    delete.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (RuntimeException e) {
            // The key frees itself when its in-flight timeout passes.
            LOG.warnf("Could not release an idempotency key (%s); it frees itself after %s",
                    e.getClass().getSimpleName(), config.inFlightTimeout());
        }
    }

    @Scheduled(every = "${homefirst.idempotency.cleanup-interval:15m}", delayed = "${homefirst.idempotency.cleanup-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpiredKeys() throws SQLException {
        int deleted = deleteExpired(clock.instant());
        if (deleted > 0) {
            LOG.debugf("Deleted %d expired idempotency keys", deleted);
        }
    }

    /** Deletes the keys that expired at or before {@code now}. Returns how many. */
    public int deleteExpired(Instant now) throws SQLException {
        int deleted = 0;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(DELETE_EXPIRED)) {
            delete.setObject(1, utc(now));
            int batch;
            do {
                batch = delete.executeUpdate();
                deleted += batch;
            } while (batch > 0);
        }
        return deleted;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
