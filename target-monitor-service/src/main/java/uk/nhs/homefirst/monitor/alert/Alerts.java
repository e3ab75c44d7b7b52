package uk.nhs.homefirst.monitor.alert;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import uk.nhs.homefirst.events.ResponseAtRisk;
import uk.nhs.homefirst.events.ResponseStandard;
import uk.nhs.homefirst.events.TargetAlertRaised;
import uk.nhs.homefirst.events.TargetAlertResolved;
import uk.nhs.homefirst.events.Topics;
import uk.nhs.homefirst.monitor.clock.ResponseClock;
import uk.nhs.homefirst.monitor.window.WindowCounts;
import uk.nhs.homefirst.platform.outbox.Outbox;

/**
 * The alerts as stored, and their transitions. Each transition is decided again inside a
 * transaction under a lock on its hub and standard, and announced through the outbox in the same
 * transaction: however many instances see the same figures at the same moment, an alert is raised
 * once, resolved once, and a clock at risk is announced once.
 */
@ApplicationScoped
public class Alerts {

    /** An alert as stored; the resolution fields are null while it is open. */
    public record Alert(String alertId, String hubId, ResponseStandard standard, String window, BigDecimal threshold,
            Instant raisedAt, BigDecimal raisedPercentage, int raisedMet, int raisedBreached, Instant resolvedAt,
            BigDecimal resolvedPercentage, Integer resolvedMet, Integer resolvedBreached) {
    }

    /** A clock at risk, as announced. */
    public record Warning(String referralId, int clockNumber, String hubId, ResponseStandard standard,
            Instant deadline, Instant warnedAt) {
    }

    private static final String ALERT_COLUMNS = """
            id, hub_id, standard, time_window, threshold, raised_at, raised_percentage, raised_met, raised_breached,
            resolved_at, resolved_percentage, resolved_met, resolved_breached
            """;

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    Alerts(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * Applies the policy to a hub's counts, raising or resolving its alert if due. Returns whether
     * the alert is open afterwards, whichever instance made the transition.
     */
    @Transactional
    public boolean judge(String hubId, ResponseStandard standard, String window, WindowCounts counts,
            AlertPolicy policy, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            lock(connection, "alert:" + hubId + ":" + standard + ":" + window);
            Alert open = findOpen(connection, hubId, standard, window);
            AlertPolicy.Transition transition = policy.decide(open != null, counts);
            switch (transition) {
                case RAISE -> raise(connection, hubId, standard, window, counts, policy, now);
                case RESOLVE -> resolve(connection, open, counts, now);
                case NONE -> {
                }
            }
            return transition == AlertPolicy.Transition.RAISE || (open != null && transition == AlertPolicy.Transition.NONE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not judge the alert of " + hubId + " " + standard, e);
        }
    }

    /**
     * Announces a clock at risk to its hub, unless it was announced to that hub before. Returns
     * whether this call announced it.
     */
    @Transactional
    public boolean warn(ResponseClock clock, String hubId, Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO at_risk_warning (referral_id, clock_number, hub_id, standard, deadline, warned_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """)) {
            insert.setString(1, clock.referralId());
            insert.setInt(2, clock.sequence());
            insert.setString(3, hubId);
            insert.setString(4, clock.standard().name());
            insert.setTimestamp(5, Timestamp.from(clock.deadline()));
            insert.setTimestamp(6, Timestamp.from(now));
            if (insert.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record a warning", e);
        }
        outbox.append(Topics.TARGET_ALERTS, hubId, ResponseAtRisk.TYPE, now, new ResponseAtRisk(clock.referralId(),
                clock.sequence(), hubId, clock.standard(), clock.startedAt(), clock.deadline(),
                java.time.Duration.between(now, clock.deadline()), now));
        return true;
    }

    /** The open alerts, and those resolved since {@code since}, newest first. */
    public List<Alert> openAndResolvedSince(Instant since) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT " + ALERT_COLUMNS
                        + " FROM target_alert WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY raised_at DESC")) {
            query.setTimestamp(1, Timestamp.from(since));
            return alerts(query);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the alerts", e);
        }
    }

    /** The clocks announced at risk since {@code since}, newest first. */
    public List<Warning> warningsSince(Instant since) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT referral_id, clock_number, hub_id, standard, deadline, warned_at FROM at_risk_warning
                         WHERE warned_at >= ? ORDER BY warned_at DESC LIMIT 1000
                        """)) {
            query.setTimestamp(1, Timestamp.from(since));
            List<Warning> warnings = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    warnings.add(new Warning(rs.getString(1), rs.getInt(2), rs.getString(3),
                            ResponseStandard.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return warnings;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the warnings", e);
        }
    }

    /** The (hub, standard, window) of every open alert. */
    public List<Alert> open() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT " + ALERT_COLUMNS
                        + " FROM target_alert WHERE resolved_at IS NULL")) {
            return alerts(query);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list the open alerts", e);
        }
    }

    private void raise(Connection connection, String hubId, ResponseStandard standard, String window,
            WindowCounts counts, AlertPolicy policy, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO target_alert (id, hub_id, standard, time_window, threshold, raised_at, raised_percentage,
                                          raised_met, raised_breached)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            insert.setObject(1, id);
            insert.setString(2, hubId);
            insert.setString(3, standard.name());
            insert.setString(4, window);
            insert.setBigDecimal(5, policy.threshold());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.setBigDecimal(7, counts.percentage());
            insert.setInt(8, counts.met());
            insert.setInt(9, counts.breached());
            insert.executeUpdate();
        }
        outbox.append(Topics.TARGET_ALERTS, hubId, TargetAlertRaised.TYPE, now, new TargetAlertRaised(id.toString(),
                hubId, standard, window, counts.percentage(), policy.threshold(), counts.met(), counts.breached(), now));
    }

    private void resolve(Connection connection, Alert open, WindowCounts counts, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE target_alert SET resolved_at = ?, resolved_percentage = ?, resolved_met = ?, resolved_breached = ?
                 WHERE id = ?
                """)) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setBigDecimal(2, counts.percentage());
            update.setInt(3, counts.met());
            update.setInt(4, counts.breached());
            update.setObject(5, UUID.fromString(open.alertId()));
            update.executeUpdate();
        }
        outbox.append(Topics.TARGET_ALERTS, open.hubId(), TargetAlertResolved.TYPE, now, new TargetAlertResolved(
                open.alertId(), open.hubId(), open.standard(), open.window(), counts.percentage(), open.threshold(),
                counts.met(), counts.breached(), open.raisedAt(), now));
    }

    private static Alert findOpen(Connection connection, String hubId, ResponseStandard standard, String window)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + ALERT_COLUMNS
                + " FROM target_alert WHERE hub_id = ? AND standard = ? AND time_window = ? AND resolved_at IS NULL")) {
            query.setString(1, hubId);
            query.setString(2, standard.name());
            query.setString(3, window);
            List<Alert> alerts = alerts(query);
            return alerts.isEmpty() ? null : alerts.get(0);
        }
    }

    private static void lock(Connection connection, String key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, key);
            lock.execute();
        }
    }

    private static List<Alert> alerts(PreparedStatement query) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Timestamp resolvedAt = rs.getTimestamp(10);
                alerts.add(new Alert(rs.getObject(1).toString(), rs.getString(2), ResponseStandard.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getBigDecimal(5), rs.getTimestamp(6).toInstant(), rs.getBigDecimal(7),
                        rs.getInt(8), rs.getInt(9), resolvedAt == null ? null : resolvedAt.toInstant(),
                        rs.getBigDecimal(11), (Integer) rs.getObject(12), (Integer) rs.getObject(13)));
            }
        }
        return alerts;
    }
}
