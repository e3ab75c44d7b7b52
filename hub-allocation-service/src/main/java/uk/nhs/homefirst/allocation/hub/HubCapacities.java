package uk.nhs.homefirst.allocation.hub;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.allocation.AllocationRule;
import uk.nhs.homefirst.allocation.allocation.DailyCapacity;
import uk.nhs.homefirst.allocation.allocation.OverflowOrder;
import uk.nhs.homefirst.allocation.config.AllocationConfig;
import uk.nhs.homefirst.allocation.store.Hub;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * The hubs' daily capacity (configured defaults, admin's changes in {@code hub_capacity} winning) and
 * their overflow orders, both checked against the hub table at start: a wrong hub or pathway stops
 * the service. The day's use is read from {@code hub_daily_use}, which the database keeps as allocations
 * are written, under a lock on the hubs when an allocation depends on it, so that two consumers never
 * both take a hub's last place.
 */
@ApplicationScoped
public class HubCapacities {

    private static final Logger LOG = Logger.getLogger(HubCapacities.class);
    static final int MAX_LIMIT = 10_000;

    private final AllocationConfig config;
    private final Hubs hubs;
    private volatile OverflowOrder overflow;
    private volatile Map<String, Map<Pathway, Integer>> defaults;

    HubCapacities(AllocationConfig config, Hubs hubs) {
        this.config = config;
        this.hubs = hubs;
    }

    @Transactional
    void check(@Observes StartupEvent start) {
        Set<String> ids = hubs.ids();
        overflow = OverflowOrder.of(config.overflow(), ids);
        defaults = defaults(config.capacity(), ids);
        LOG.infof("Hub capacity by default %s (a pathway not named is unlimited); overflow orders %s", defaults,
                overflow);
    }

    /** Checks the configured capacity: known hubs, pathways a hub visits, whole numbers from 0. */
    static Map<String, Map<Pathway, Integer>> defaults(Map<String, Map<String, Integer>> configured, Set<String> hubIds) {
        Map<String, Map<Pathway, Integer>> limits = new HashMap<>();
        configured.forEach((hub, byPathway) -> {
            if (!hubIds.contains(hub)) {
                throw new IllegalArgumentException("homefirst.allocation.capacity names an unknown hub " + hub);
            }
            byPathway.forEach((name, limit) -> {
                Pathway pathway = visitingPathway(name).orElseThrow(() -> new IllegalArgumentException(
                        "homefirst.allocation.capacity." + hub + " names " + name + ", not a pathway a hub visits"));
                if (limit == null || limit < 0 || limit > MAX_LIMIT) {
                    throw new IllegalArgumentException("homefirst.allocation.capacity." + hub + "." + name
                            + " must be a whole number from 0 to " + MAX_LIMIT);
                }
                limits.computeIfAbsent(hub, h -> new EnumMap<>(Pathway.class)).put(pathway, limit);
            });
        });
        return limits;
    }

    /**
     * The hubs' capacity on the day of {@code now}, in the caller's transaction.
     *
     * @param lock whether an allocation depends on it: the hubs are then locked (in id order, as every
     *             allocating transaction does) until the transaction ends
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public DailyCapacity on(LocalDate day, boolean lock) {
        EntityManager em = Hub.getEntityManager();
        if (lock) {
            // NO KEY UPDATE: inserting a visit or allocation that refers to a hub does not wait for it.
            em.createNativeQuery("SELECT count(*) FROM (SELECT id FROM hub ORDER BY id FOR NO KEY UPDATE) locked")
                    .getSingleResult();
        }
        Map<String, Map<Pathway, Integer>> used = new HashMap<>();
        // Kept by the database as allocations are written (V9): counted from the day's allocations, each
        // batch of a catch-up read all that came before it that day.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT hub_id, pathway, referrals FROM hub_daily_use WHERE day = ?1")
                .setParameter(1, day)
                .getResultList();
        rows.forEach(row -> visitingPathway((String) row[1]).ifPresent(p -> used
                .computeIfAbsent((String) row[0], h -> new EnumMap<>(Pathway.class))
                .put(p, ((Number) row[2]).intValue())));
        return new DailyCapacity(limits(), used, overflow);
    }

    /** Each hub's limits now: the configured ones, with admin's changes over them. */
    private Map<String, Map<Pathway, Integer>> limits() {
        Map<String, Map<Pathway, Integer>> limits = new HashMap<>();
        defaults.forEach((hub, byPathway) -> limits.put(hub, new EnumMap<>(byPathway)));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Hub.getEntityManager()
                .createNativeQuery("SELECT hub_id, pathway, daily_limit FROM hub_capacity").getResultList();
        for (Object[] row : rows) {
            Optional<Pathway> pathway = visitingPathway((String) row[1]);
            if (pathway.isEmpty()) {
                continue;
            }
            Map<Pathway, Integer> byPathway = limits.computeIfAbsent((String) row[0], h -> new EnumMap<>(Pathway.class));
            if (row[2] == null) {
                byPathway.remove(pathway.get());
            } else {
                byPathway.put(pathway.get(), ((Number) row[2]).intValue());
            }
        }
        return limits;
    }

    /**
     * Sets some of a hub's daily limits, in the caller's transaction: a limit lowered below what the hub
     * has taken today stops new referrals for the rest of the day; referrals allocated stay.
     *
     * @throws ProblemException 404 for an unknown hub, 400 naming each invalid pathway or limit
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void change(String hubId, CapacityRequest request, Instant now) {
        if (Hub.findById(hubId, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw ProblemException.notFound("There is no hub " + hubId + ".");
        }
        Map<Pathway, Integer> limits = valid(request);
        limits.forEach((pathway, limit) -> Hub.getEntityManager().createNativeQuery("""
                INSERT INTO hub_capacity (hub_id, pathway, daily_limit, changed_at) VALUES (?1, ?2, CAST(?3 AS INTEGER), ?4)
                ON CONFLICT (hub_id, pathway) DO UPDATE SET daily_limit = excluded.daily_limit,
                       changed_at = excluded.changed_at""")
                .setParameter(1, hubId).setParameter(2, pathway.name()).setParameter(3, limit)
                .setParameter(4, Timestamp.from(now)).executeUpdate());
        LOG.infof("Hub %s daily capacity changed: %s (null: unlimited)", hubId, limits);
    }

    static Map<Pathway, Integer> valid(CapacityRequest request) {
        Violations v = new Violations();
        if (request == null || request.dailyLimits() == null || request.dailyLimits().isEmpty()) {
            v.add("dailyLimits", "is required: an object of pathway to daily limit, such as "
                    + "{\"URGENT_CRISIS_RESPONSE\": 8}; null for unlimited");
            v.throwIfAny();
        }
        Map<Pathway, Integer> limits = new EnumMap<>(Pathway.class);
        request.dailyLimits().forEach((name, limit) -> {
            Optional<Pathway> pathway = visitingPathway(name);
            if (pathway.isEmpty()) {
                v.add("dailyLimits." + name, "is not a pathway a hub visits: one of " + Arrays.stream(Pathway.values())
                        .filter(AllocationRule::visitsPatients).map(Enum::name).toList());
            } else if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
                v.add("dailyLimits." + name, "must be a whole number from 0 to " + MAX_LIMIT + ", or null for unlimited");
            } else {
                limits.put(pathway.get(), limit);
            }
        });
        v.throwIfAny();
        return limits;
    }

    private static Optional<Pathway> visitingPathway(String name) {
        return Arrays.stream(Pathway.values()).filter(p -> p.name().equals(name))
                .filter(AllocationRule::visitsPatients).findFirst();
    }
}
