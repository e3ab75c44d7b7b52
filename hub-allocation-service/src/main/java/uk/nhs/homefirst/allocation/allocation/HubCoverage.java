package uk.nhs.homefirst.allocation.allocation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which hub covers which postcode district. A district belongs to at most one hub. */
public final class HubCoverage {

    private final Map<String, String> hubByDistrict;

    private HubCoverage(Map<String, String> hubByDistrict) {
        this.hubByDistrict = Map.copyOf(hubByDistrict);
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
        return new HubCoverage(hubByDistrict);
    }

    /** The hub covering the district, if any. The district is compared in capitals. */
    public Optional<String> hubFor(String district) {
        return PostcodeDistrict.normalise(district).map(hubByDistrict::get);
    }
}
