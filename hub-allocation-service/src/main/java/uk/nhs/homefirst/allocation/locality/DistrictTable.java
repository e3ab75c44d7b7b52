package uk.nhs.homefirst.allocation.locality;

import java.io.IOException;
import java.io.Reader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.nhs.homefirst.allocation.allocation.PostcodeDistrict;

/**
 * The postcode districts of Leicester, Leicestershire and Rutland and the hub covering each: the second
 * step of a referral's locality, after its GP practice. Kept as data ({@code localities/postcode-districts.csv},
 * or a file a deployment names), judged whole when read: a wrong row stops the service at start, its
 * line named. At start each district is given to its hub once (see {@code LocalityTables}).
 */
public final class DistrictTable {

    public static final String BUILT_IN = "localities/postcode-districts.csv";
    static final String HEADER = "district,hub,partly_llr,where";

    /**
     * @param partlyLlr whether the district straddles the LLR boundary, some of its patients another area's
     * @param where     the places it holds, for people
     */
    public record District(String district, String hubId, boolean partlyLlr, String where) {
    }

    private final Map<String, District> byDistrict;

    private DistrictTable(Map<String, District> byDistrict) {
        this.byDistrict = Collections.unmodifiableMap(byDistrict);
    }

    public static DistrictTable builtIn(Set<String> hubIds) {
        return TableLines.builtIn(BUILT_IN, (reader, source) -> read(reader, source, hubIds));
    }

    public static DistrictTable file(String file, Set<String> hubIds) {
        return TableLines.file(file, (reader, source) -> read(reader, source, hubIds));
    }

    /**
     * Reads a table of {@code district,hub,partly_llr,where} rows; partly_llr is yes or no.
     *
     * @throws IllegalArgumentException naming the source and line of the first row that is wrong
     */
    public static DistrictTable read(Reader reader, String source, Set<String> hubIds) throws IOException {
        Map<String, District> byDistrict = new LinkedHashMap<>();
        for (TableLines.Row row : TableLines.read(reader, source, HEADER, 4)) {
            String district = row.cells().get(0);
            String hub = row.cells().get(1);
            String partly = row.cells().get(2);
            if (!PostcodeDistrict.FORMAT.matcher(district).matches()) {
                throw TableLines.invalid(source, row.line(), "'" + district + "' is not a postcode district in "
                        + "capitals, such as LE11");
            }
            if (!hubIds.contains(hub)) {
                throw TableLines.invalid(source, row.line(), "'" + hub + "' is not a hub; the hubs are " + hubIds);
            }
            if (!partly.equals("yes") && !partly.equals("no")) {
                throw TableLines.invalid(source, row.line(), "partly_llr is yes or no, not '" + partly + "'");
            }
            District d = new District(district, hub, partly.equals("yes"), row.cells().get(3));
            if (byDistrict.putIfAbsent(district, d) != null) {
                throw TableLines.invalid(source, row.line(), district + " is listed twice: a district has one hub");
            }
        }
        if (byDistrict.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no district");
        }
        return new DistrictTable(byDistrict);
    }

    public Map<String, District> asMap() {
        return byDistrict;
    }

    /** The districts of each hub, for {@code HubCoverage}. */
    public Map<String, List<String>> districtsByHub() {
        Map<String, List<String>> byHub = new LinkedHashMap<>();
        byDistrict.values().forEach(d -> byHub.computeIfAbsent(d.hubId(), h -> new java.util.ArrayList<>())
                .add(d.district()));
        return byHub;
    }

    @Override
    public String toString() {
        return byDistrict.size() + " districts, " + byDistrict.values().stream().filter(District::partlyLlr).count()
                + " of them partly in LLR";
    }
}
