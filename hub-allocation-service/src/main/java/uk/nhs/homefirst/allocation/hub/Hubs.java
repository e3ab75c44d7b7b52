package uk.nhs.homefirst.allocation.hub;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import uk.nhs.homefirst.allocation.allocation.HubCoverage;
import uk.nhs.homefirst.allocation.allocation.PostcodeDistrict;
import uk.nhs.homefirst.allocation.store.Hub;
import uk.nhs.homefirst.allocation.store.ReferralCase;
import uk.nhs.homefirst.events.Pathway;
import uk.nhs.homefirst.platform.problem.ProblemException;
import uk.nhs.homefirst.platform.problem.Violations;

/** The hubs and the districts they cover. Coverage is read afresh for each allocation, so a change applies at once. */
@ApplicationScoped
public class Hubs {

    private static final Logger LOG = Logger.getLogger(Hubs.class);

    public List<Hub> all() {
        return Hub.listAll(Sort.by("id"));
    }

    public Optional<Hub> find(String hubId) {
        return hubId == null ? Optional.empty() : Hub.findByIdOptional(hubId);
    }

    public Set<String> ids() {
        return new TreeSet<>(Hub.getEntityManager().createQuery("select h.id from Hub h", String.class).getResultList());
    }

    /** Which hub covers which district, as of now. */
    public HubCoverage coverage() {
        Map<String, List<String>> districtsByHub = new HashMap<>();
        Hub.getEntityManager().createQuery("select h.id, d from Hub h join h.districts d", Object[].class)
                .getResultList()
                .forEach(row -> districtsByHub.computeIfAbsent((String) row[0], id -> new ArrayList<>())
                        .add((String) row[1]));
        return HubCoverage.of(districtsByHub);
    }

    /** The number of open referrals (allocated, not cancelled, not declined, episode not closed) each hub holds. */
    public Map<String, Long> openCaseloads() {
        Map<String, Long> counts = new HashMap<>();
        Hub.getEntityManager().createQuery("""
                select c.hubId, count(c) from ReferralCase c
                 where c.hubId is not null and c.cancelledAt is null and c.pathway <> :declined
                   and c.episodeClosedAt is null
                 group by c.hubId""", Object[].class)
                .setParameter("declined", Pathway.NOT_ACCEPTED)
                .getResultList()
                .forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    /**
     * Replaces the districts a hub covers. Referrals already allocated stay where they are; the next
     * allocation uses the new coverage.
     *
     * @throws ProblemException 404 for an unknown hub, 409 when a district belongs to another hub
     */
    @Transactional
    public Hub replaceDistricts(String hubId, DistrictsRequest request) {
        Hub hub = Optional.ofNullable(Hub.<Hub>findById(hubId, LockModeType.PESSIMISTIC_WRITE))
                .orElseThrow(() -> ProblemException.notFound("There is no hub " + hubId + "."));
        Set<String> districts = validDistricts(request);

        List<Object[]> taken = Hub.getEntityManager().createQuery("""
                select d, h.id from Hub h join h.districts d where d in :districts and h.id <> :hub order by d""",
                Object[].class)
                .setParameter("districts", districts.isEmpty() ? Set.of("") : districts)
                .setParameter("hub", hubId)
                .getResultList();
        if (!taken.isEmpty()) {
            throw ProblemException.conflict(conflictDetail(taken));
        }
        hub.districts.clear();
        hub.districts.addAll(districts);
        try {
            Hub.flush();
        } catch (PersistenceException e) {
            if (e instanceof ConstraintViolationException || e.getCause() instanceof ConstraintViolationException) {
                // Another hub took one of the districts in a concurrent change.
                throw ProblemException.conflict("A district was given to another hub at the same time; read the hubs and try again.");
            }
            throw e;
        }
        LOG.infof("Hub %s now covers %s", hubId, new TreeSet<>(districts));
        return hub;
    }

    private static Set<String> validDistricts(DistrictsRequest request) {
        Violations v = new Violations();
        if (request == null || request.districts() == null) {
            v.add("districts", "is required: an array of postcode districts, such as [\"LE11\", \"LE12\"]");
            v.throwIfAny();
        }
        Set<String> districts = new LinkedHashSet<>();
        List<String> raw = request.districts();
        for (int i = 0; i < raw.size(); i++) {
            Optional<String> district = PostcodeDistrict.normalise(raw.get(i));
            if (district.isPresent()) {
                districts.add(district.get());
            } else {
                v.add("districts[" + i + "]", PostcodeDistrict.EXPECTED);
            }
        }
        v.throwIfAny();
        return districts;
    }

    private static String conflictDetail(List<Object[]> taken) {
        StringBuilder detail = new StringBuilder();
        for (Object[] row : taken) {
            detail.append(detail.length() == 0 ? "" : "; ")
                    .append("District ").append(row[0]).append(" belongs to hub ").append(row[1]);
        }
        return detail.append(". A district belongs to at most one hub: remove it from that hub first.").toString();
    }
}
