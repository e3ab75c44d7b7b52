package uk.nhs.homefirst.allocation.allocation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which hub covers a referral's locality: first the hub of the patient's registered GP practice, when
 * the practice is listed; else the hub covering the postcode district. A district belongs to at most
 * one hub, and so does a practice.
 */
public final class HubCoverage {

    /** A referral's home hub and what chose it. */
    public record Home(String hubId, LocalityBasis basis) {
    }

    private final Map<String, String> hubByDistrict;
    private final Map<String, String> hubByPractice;

    private HubCoverage(Map<String, String> hubByDistrict, Map<String, String> hubByPractice) {
        this.hubByDistrict = Map.copyOf(hubByDistrict);
        this.hubByPractice = Map.copyOf(hubByPractice);
    }

    /**
     * @param districtsByHub each hub id with the districts it covers
     * @throws IllegalArgumentException when a district is given to two hubs, or is not a district
     */
    public static HubCoverage of(Map<String, ? extends Collection<String>> districtsByHub) {
        Map<String, String> hubByDistrict = new HashMap<>();
        districtsByHub.forEach((hubId, districts) -> {
            for (String raw : districts) {
                String district = PostcodeDistrict.normalise(raw).orElseThrow(
                        () -> new IllegalArgumentException("Hub " + hubId + " has a district of the wrong form"));
                String other = hubByDistrict.putIfAbsent(district, hubId);
                if (other != null && !other.equals(hubId)) {
                    throw new IllegalArgumentException(
                            "District " + district + " is covered by both " + other + " and " + hubId);
                }
            }
        });
        return new HubCoverage(hubByDistrict, Map.of());
    }

    /** This coverage, with the hub of each listed GP practice (ODS code to hub id) deciding first. */
    public HubCoverage withPractices(Map<String, String> hubByPracticeCode) {
        return new HubCoverage(hubByDistrict, hubByPracticeCode);
    }

    /** The hub covering the district, if any. The district is compared in capitals. */
    public Optional<String> hubFor(String district) {
        return PostcodeDistrict.normalise(district).map(hubByDistrict::get);
    }

    /** The home hub of a referral: its practice's, when listed, else its district's; none when neither is covered. */
    public Optional<Home> homeOf(String gpPracticeOdsCode, String district) {
        if (gpPracticeOdsCode != null) {
            String hub = hubByPractice.get(gpPracticeOdsCode.strip().toUpperCase(Locale.ROOT));
            if (hub != null) {
                return Optional.of(new Home(hub, LocalityBasis.GP_PRACTICE));
            }
        }
        return hubFor(district).map(hub -> new Home(hub, LocalityBasis.POSTCODE_DISTRICT));
    }
}
