package uk.nhs.homefirst.triage.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which Locality Decision Unit a referral goes to, by the postcode district of the patient: a table
 * kept as data ({@code ldu/districts.csv}, or a file of the same form named by configuration), one
 * row per district. A district the table does not list goes to no LDU. The table is judged whole
 * when it is read, so that a typo stops the service at start rather than misroutes a referral.
 */
public final class LduRoutes {

    /** The table shipped with the service. */
    public static final String BUILT_IN = "ldu/districts.csv";
    static final String HEADER = "district,ldu,where";
    /** An outward code, as the contract's schema has it. */
    private static final Pattern DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");
    /** An LDU id, as the contract's schema has it. */
    private static final Pattern LDU = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    private final Map<String, String> lduByDistrict;

    private LduRoutes(Map<String, String> lduByDistrict) {
        this.lduByDistrict = Collections.unmodifiableMap(lduByDistrict);
    }

    /** The table shipped with the service. */
    public static LduRoutes builtIn() {
        InputStream in = LduRoutes.class.getClassLoader().getResourceAsStream(BUILT_IN);
        if (in == null) {
            throw new IllegalStateException(BUILT_IN + " is not on the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(reader, BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a table: lines starting with {@code #} and blank lines are comments, then the header
     * {@code district,ldu,where}, then one row per district ({@code where} is for people only).
     *
     * @throws IllegalArgumentException naming the source and line of the first row that is wrong
     */
    public static LduRoutes read(Reader reader, String source) throws IOException {
        Map<String, String> routes = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        boolean header = false;
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!text.equals(HEADER)) {
                    throw invalid(source, number, "the header must be '" + HEADER + "'");
                }
                header = true;
                continue;
            }
            String[] cells = text.split(",", 3);
            if (cells.length < 2) {
                throw invalid(source, number, "a row is district,ldu[,where]");
            }
            String district = cells[0].strip();
            String ldu = cells[1].strip();
            if (!DISTRICT.matcher(district).matches()) {
                throw invalid(source, number, "'" + district + "' is not a postcode district such as LE11");
            }
            if (!LDU.matcher(ldu).matches()) {
                throw invalid(source, number, "'" + ldu + "' is not an LDU id: lower-case letters, digits and hyphens");
            }
            String before = routes.putIfAbsent(district, ldu);
            if (before != null) {
                throw invalid(source, number, district + " is listed twice: a district goes to one LDU");
            }
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException(source + " routes no district");
        }
        return new LduRoutes(routes);
    }

    /** The LDU of a postcode district (any case, spaces around it ignored), or none. */
    public Optional<String> route(String postcodeDistrict) {
        if (postcodeDistrict == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(lduByDistrict.get(postcodeDistrict.strip().toUpperCase(Locale.ROOT)));
    }

    /** Every LDU the table routes to: the LDUs a decision may route a referral to. */
    public Set<String> ldus() {
        return Collections.unmodifiableSet(new TreeSet<>(lduByDistrict.values()));
    }

    public boolean knows(String ldu) {
        return lduByDistrict.containsValue(ldu);
    }

    /** The whole table, district to LDU, in the order of the file. */
    public Map<String, String> asMap() {
        return lduByDistrict;
    }

    @Override
    public String toString() {
        return lduByDistrict.size() + " districts to " + ldus();
    }

    private static IllegalArgumentException invalid(String source, int line, String message) {
        return new IllegalArgumentException(source + ", line " + line + ": " + message);
    }
}
