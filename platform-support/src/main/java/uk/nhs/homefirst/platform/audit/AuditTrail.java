package uk.nhs.homefirst.platform.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import uk.nhs.homefirst.platform.problem.Violations;
import uk.nhs.homefirst.platform.security.Caller;

/**
 * The audit trail of patient data, in the service's own database ({@code audit_event}, migration
 * {@code R__audit_event}): each read or change of a referral, a caseload or a queue appends who
 * (subject, roles, scope), what (action, the referrals concerned), when and from where. A line
 * written while a transaction is open is part of it, so that a change and its line commit, or roll
 * back, together. Ids and codes only: a caller never passes an NHS number or a name.
 *
 * <p>Not a bean of platform-support, which a service without a database (the target monitor) also
 * uses: each service with a database produces one.
 */
public class AuditTrail {

    /** The most lines one query answers. */
    public static final int MAX_LINES = 500;
    static final int DEFAULT_LINES = 100;

    private static final String APPEND = """
            INSERT INTO audit_event (occurred_at, subject, roles, organisations, hubs, ldu, action, target,
                                     referral_ids, client_address)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;
    private static final String FIND = """
            SELECT id, occurred_at, subject, roles, organisations, hubs, ldu, action, target, referral_ids, client_address
              FROM audit_event
             WHERE (?::uuid IS NULL OR referral_ids @> ARRAY[?::uuid])
               AND (?::text IS NULL OR subject = ?)
             ORDER BY id DESC
             LIMIT ?
            """;

    private final DataSource dataSource;
    private final Clock clock;
    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    public AuditTrail(DataSource dataSource, Clock clock, SecurityIdentity identity, CurrentVertxRequest request) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.identity = identity;
        this.request = request;
    }

    /** A read or change by the caller of the current request. */
    public void record(String action, String target, Collection<UUID> referralIds) {
        append(Caller.of(identity), clientAddress(), action, target, referralIds);
    }

    public void record(String action, UUID referralId) {
        record(action, null, List.of(referralId));
    }

    public void append(Caller caller, String clientAddress, String action, String target, Collection<UUID> referralIds) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(APPEND)) {
            bind(insert, connection, new Line(caller, clientAddress, action, target, List.copyOf(referralIds)));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not append " + action + " to the audit trail", e);
        }
    }

    /** A line taken down now, on the request's thread (who, from where), to be appended later in a transaction of the caller's. */
    public record Line(Caller caller, String clientAddress, String action, String target, List<UUID> referralIds) {
    }

    /** The current request's caller doing {@code action} to a referral, not appended yet. */
    public Line line(String action, UUID referralId) {
        return new Line(Caller.of(identity), clientAddress(), action, null, List.of(referralId));
    }

    /**
     * Appends lines on the caller's connection, in its transaction (one batch): with a change written
     * on that connection, the change and its lines commit or roll back together.
     */
    public void appendAll(Connection connection, Collection<Line> lines) throws SQLException {
        if (lines.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
            for (Line line : lines) {
                bind(insert, connection, line);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private void bind(PreparedStatement insert, Connection connection, Line line) throws SQLException {
        Caller caller = line.caller();
        insert.setTimestamp(1, Timestamp.from(clock.instant()));
        insert.setString(2, caller.subject());
        insert.setArray(3, texts(connection, caller.roles()));
        insert.setArray(4, texts(connection, caller.organisations()));
        insert.setArray(5, texts(connection, caller.hubs()));
        insert.setString(6, caller.ldu().orElse(null));
        insert.setString(7, line.action());
        insert.setString(8, line.target());
        insert.setArray(9, connection.createArrayOf("uuid", line.referralIds().toArray()));
        insert.setString(10, line.clientAddress());
    }

    /**
     * {@code GET /api/audit?referralId=&subject=&size=} of each service with a database (admin only):
     * the parameters judged, each wrong one named; the query itself is a line of the trail.
     *
     * @throws uk.nhs.homefirst.platform.problem.InvalidRequestException naming each invalid parameter
     */
    public List<AuditEvent> query(String referralId, String subject, String size) {
        Violations violations = new Violations();
        Optional<UUID> referral = Optional.empty();
        if (referralId != null && !referralId.isBlank()) {
            try {
                referral = Optional.of(UUID.fromString(referralId.strip()));
            } catch (IllegalArgumentException e) {
                violations.add("referralId", "must be a referral id, a UUID");
            }
        }
        Optional<String> who = Optional.ofNullable(subject).map(String::strip).filter(s -> !s.isEmpty());
        violations.check(who.map(s -> s.length() <= 255).orElse(true), "subject", "must be at most 255 characters");
        int lines = DEFAULT_LINES;
        if (size != null && !size.isBlank()) {
            try {
                lines = Integer.parseInt(size.strip());
            } catch (NumberFormatException e) {
                lines = -1;
            }
            violations.check(lines >= 1 && lines <= MAX_LINES, "size", "must be a whole number from 1 to " + MAX_LINES);
        }
        violations.throwIfAny();
        record("audit.read", who.map(s -> "subject=" + s).orElse(null), referral.map(List::of).orElse(List.of()));
        return find(referral, who, lines);
    }

    /** The newest lines first, of one referral and of one subject when given. */
    public List<AuditEvent> find(Optional<UUID> referralId, Optional<String> subject, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(FIND)) {
            query.setObject(1, referralId.orElse(null));
            query.setObject(2, referralId.orElse(null));
            query.setString(3, subject.orElse(null));
            query.setString(4, subject.orElse(null));
            query.setInt(5, Math.min(limit, MAX_LINES));
            List<AuditEvent> lines = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    lines.add(new AuditEvent(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            list(rs.getArray(4)), list(rs.getArray(5)), list(rs.getArray(6)), rs.getString(7),
                            rs.getString(8), rs.getString(9), list(rs.getArray(10)), rs.getString(11)));
                }
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the audit trail", e);
        }
    }

    private String clientAddress() {
        RoutingContext context = request.getCurrent();
        SocketAddress address = context == null ? null : context.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    private static Array texts(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.stream().sorted().toArray());
    }

    private static List<String> list(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
