package uk.nhs.homefirst.allocation.clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.nhs.homefirst.events.ResponseClockChanged;
import uk.nhs.homefirst.events.ResponseClockStatus;

/**
 * The response clocks of referrals as target-monitor-service announces them (ResponseClockChanged):
 * kept, not judged. The clock rules live in the monitor only; here the later {@code changedAt} of a
 * clock stands, so a repeated or out-of-order event leaves the same row.
 */
@ApplicationScoped
public class ReferralClocks {

    private final EntityManager em;

    ReferralClocks(EntityManager em) {
        this.em = em;
    }

    /** Keeps the clock as announced unless a later announcement of it is already kept. */
    public void apply(ResponseClockChanged changed) {
        em.createNativeQuery("""
                INSERT INTO referral_clock (referral_id, clock_number, standard, status, hub_id, started_at, deadline,
                    changed_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                ON CONFLICT (referral_id, clock_number) DO UPDATE SET standard = EXCLUDED.standard,
                    status = EXCLUDED.status, hub_id = EXCLUDED.hub_id, started_at = EXCLUDED.started_at,
                    deadline = EXCLUDED.deadline, changed_at = EXCLUDED.changed_at
                WHERE referral_clock.changed_at < EXCLUDED.changed_at""")
                .setParameter(1, UUID.fromString(changed.referralId()))
                .setParameter(2, changed.clockNumber())
                .setParameter(3, changed.standard().name())
                .setParameter(4, changed.status().name())
                .setParameter(5, changed.hubId())
                .setParameter(6, Timestamp.from(changed.startedAt()))
                .setParameter(7, Timestamp.from(changed.deadline()))
                .setParameter(8, Timestamp.from(changed.changedAt()))
                .executeUpdate();
    }

    /**
     * A referral's running clock: its deadline, and whether the monitor announced it breached (the
     * deadline passed with no visit; it keeps its deadline).
     */
    public record Running(Instant deadline, boolean breached) {
    }

    /**
     * The running clock of each referral that has one (PENDING or BREACHED, the latest started when
     * there are several).
     */
    public Map<UUID, Running> running(Collection<UUID> referralIds) {
        Map<UUID, Running> deadlines = new HashMap<>();
        if (referralIds.isEmpty()) {
            return deadlines;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT DISTINCT ON (referral_id) referral_id, deadline, status FROM referral_clock
                WHERE referral_id = ANY (CAST(string_to_array(?1, ',') AS uuid[])) AND status IN (?2, ?3)
                ORDER BY referral_id, clock_number DESC""")
                .setParameter(1, String.join(",", referralIds.stream().map(UUID::toString).toList()))
                .setParameter(2, ResponseClockStatus.PENDING.name())
                .setParameter(3, ResponseClockStatus.BREACHED.name())
                .getResultList();
        for (Object[] row : rows) {
            deadlines.put((UUID) row[0], new Running(instant(row[1]),
                    ResponseClockStatus.BREACHED.name().equals(String.valueOf(row[2]))));
        }
        return deadlines;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
