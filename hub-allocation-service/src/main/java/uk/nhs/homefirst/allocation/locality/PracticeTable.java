package uk.nhs.homefirst.allocation.locality;

import java.io.IOException;
import java.io.Reader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hub serves the patients of each GP practice, by the practice's ODS code: the first step of a
 * referral's locality. Kept as data ({@code localities/gp-practices.csv}, or a file a deployment
 * names) and judged whole when read, so that a wrong row stops the service at start, its line named,
 * rather than sending a referral to the wrong hub.
 */
public final class PracticeTable {

    public static final String BUILT_IN = "localities/gp-practices.csv";
    static final String HEADER = "ods_code,hub,practice";
    /** A GP practice's ODS code: a capital letter and five digits, such as C82001. */
    static final Pattern ODS_CODE = Pattern.compile("[A-Z][0-9]{5}");

    /** A listed practice. */
    public record Practice(String odsCode, String hubId, String name) {
    }

    private final Map<String, Practice> byCode;

    private PracticeTable(Map<String, Practice> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    public static PracticeTable builtIn(Set<String> hubIds) {
        return TableLines.builtIn(BUILT_IN, (reader, source) -> read(reader, source, hubIds));
    }

    public static PracticeTable file(String file, Set<String> hubIds) {
        return TableLines.file(file, (reader, source) -> read(reader, source, hubIds));
    }

    /**
     * Reads a table of {@code ods_code,hub,practice} rows. It may list no practice.
     *
     * @throws IllegalArgumentException naming the source and line of the first row that is wrong
     */
    public static PracticeTable read(Reader reader, String source, Set<String> hubIds) throws IOException {
        Map<String, Practice> byCode = new LinkedHashMap<>();
        for (TableLines.Row row : TableLines.read(reader, source, HEADER, 3)) {
            String code = row.cells().get(0);
            String hub = row.cells().get(1);
            String name = row.cells().get(2);
            if (!ODS_CODE.matcher(code).matches()) {
                throw TableLines.invalid(source, row.line(), "'" + code + "' is not a GP practice's ODS code: "
                        + "a capital letter and five digits, such as C82001");
            }
            if (!hubIds.contains(hub)) {
                throw TableLines.invalid(source, row.line(), "'" + hub + "' is not a hub; the hubs are " + hubIds);
            }
            if (name.isEmpty()) {
                throw TableLines.invalid(source, row.line(), "the practice's name is missing");
            }
            if (byCode.putIfAbsent(code, new Practice(code, hub, name)) != null) {
                throw TableLines.invalid(source, row.line(), code + " is listed twice: a practice has one hub");
            }
        }
        return new PracticeTable(byCode);
    }

    /** The hub of a practice (its code in any case, spaces around it ignored), or none when it is not listed. */
    public Optional<String> hubOf(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byCode.get(odsCode.strip().toUpperCase(Locale.ROOT))).map(Practice::hubId);
    }

    public Map<String, Practice> asMap() {
        return byCode;
    }

    public int size() {
        return byCode.size();
    }

    @Override
    public String toString() {
        return byCode.size() + " practices";
    }
}
