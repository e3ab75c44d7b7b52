package uk.nhs.homefirst.allocation.locality;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.config.AllocationConfig;

/**
 * The practice and district tables, read once at start against the hub table (the one list of hubs):
 * a wrong row stops the start, its line named. The practice table is kept in memory; each district of
 * the district table is given to its hub in {@code hub_district} once, remembered in
 * {@code district_table_seen}, so that admin's later changes to a hub's districts stand.
 */
@ApplicationScoped
public class LocalityTables {

    private static final Logger LOG = Logger.getLogger(LocalityTables.class);

    private final AllocationConfig config;
    private final EntityManager entityManager;
    private final Clock clock;
    private volatile PracticeTable practices;

    LocalityTables(AllocationConfig config, EntityManager entityManager, Clock clock) {
        this.config = config;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Before the consumers start (they start on StartupEvent too, later), so that no decision meets an empty table. */
    void load(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        practices();
    }

    /** The practice table, read (and the districts given out) on first use: at start. */
    public PracticeTable practices() {
        PracticeTable read = practices;
        if (read == null) {
            synchronized (this) {
                read = practices;
                if (read == null) {
                    read = QuarkusTransaction.requiringNew().call(this::readAndSeed);
                    practices = read;
                }
            }
        }
        return read;
    }

    /** ODS code to hub id, for {@code HubCoverage}. */
    public Map<String, String> hubByPractice() {
        return practices().asMap().values().stream()
                .collect(Collectors.toUnmodifiableMap(PracticeTable.Practice::odsCode, PracticeTable.Practice::hubId));
    }

    private PracticeTable readAndSeed() {
        Set<String> hubIds = new TreeSet<>(entityManager.createQuery("select h.id from Hub h", String.class)
                .getResultList());
        PracticeTable practiceTable = config.practicesFile().map(f -> PracticeTable.file(f, hubIds))
                .orElseGet(() -> PracticeTable.builtIn(hubIds));
        DistrictTable districtTable = config.districtsFile().map(f -> DistrictTable.file(f, hubIds))
                .orElseGet(() -> DistrictTable.builtIn(hubIds));
        List<String> given = seed(districtTable, clock.instant());
        LOG.infof("GP practice table (%s): %s; postcode district table (%s): %s; districts given to their hubs now: %s",
                config.practicesFile().orElse(PracticeTable.BUILT_IN), practiceTable,
                config.districtsFile().orElse(DistrictTable.BUILT_IN), districtTable, given);
        return practiceTable;
    }

    /**
     * Gives each district never seen before to its hub, unless a hub covers it already; returns those
     * given. In the caller's transaction; run at start, and harmless again.
     */
    List<String> seed(DistrictTable table, Instant now) {
        List<String> given = new ArrayList<>();
        for (DistrictTable.District d : table.asMap().values()) {
            int inserted = entityManager.createNativeQuery("""
                    INSERT INTO hub_district (district, hub_id)
                    SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM district_table_seen WHERE district = ?1)
                    ON CONFLICT (district) DO NOTHING""")
                    .setParameter(1, d.district()).setParameter(2, d.hubId()).executeUpdate();
            if (inserted == 1) {
                given.add(d.district() + "=" + d.hubId());
            }
            entityManager.createNativeQuery("""
                    INSERT INTO district_table_seen (district, hub_id, first_seen_at) VALUES (?1, ?2, ?3)
                    ON CONFLICT (district) DO NOTHING""")
                    .setParameter(1, d.district()).setParameter(2, d.hubId()).setParameter(3, now).executeUpdate();
        }
        return given;
    }
}
