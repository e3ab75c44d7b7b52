package uk.nhs.homefirst.referral.fhir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.nhs.homefirst.events.ClinicalNeed;

/**
 * The clinical need each known SNOMED CT concept stands for, read from the table kept as data in
 * {@code fhir/snomed-clinical-needs.csv}. A stock UK Core ServiceRequest codes its reason in SNOMED CT,
 * not in this platform's own needs; a concept not in the table is no refusal (see the README).
 */
public final class SnomedNeeds {

    public static final String RESOURCE = "fhir/snomed-clinical-needs.csv";
    private static final String HEADER = "concept_id,display,clinical_need,source";

    /** One row of the table. */
    public record Row(String conceptId, String display, ClinicalNeed need, String source) {
    }

    private static final SnomedNeeds STANDARD = load(RESOURCE);

    private final Map<String, Row> byConcept;
    private final List<Row> rows;

    private SnomedNeeds(List<Row> rows) {
        Map<String, Row> map = new LinkedHashMap<>();
        for (Row row : rows) {
            if (map.put(row.conceptId(), row) != null) {
                throw new IllegalStateException(RESOURCE + " lists concept " + row.conceptId() + " twice");
            }
        }
        this.byConcept = Map.copyOf(map);
        this.rows = List.copyOf(rows);
    }

    /** The table shipped with the service. */
    public static SnomedNeeds standard() {
        return STANDARD;
    }

    public Optional<ClinicalNeed> need(String conceptId) {
        return conceptId == null ? Optional.empty() : Optional.ofNullable(byConcept.get(conceptId.strip())).map(Row::need);
    }

    public Optional<Row> row(String conceptId) {
        return conceptId == null ? Optional.empty() : Optional.ofNullable(byConcept.get(conceptId.strip()));
    }

    /** Every row, in the table's order. */
    public List<Row> rows() {
        return rows;
    }

    static SnomedNeeds load(String resource) {
        InputStream in = SnomedNeeds.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("The SNOMED CT table " + resource + " is not on the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return new SnomedNeeds(parse(reader.lines().toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Comment lines start with #; then the header; then one concept a line. A bad line stops the service starting. */
    static List<Row> parse(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw new IllegalStateException(RESOURCE + " line " + (n + 1) + ": the header must be " + HEADER);
                }
                header = true;
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 4 || List.of(fields).stream().anyMatch(f -> f.isBlank())) {
                throw new IllegalStateException(RESOURCE + " line " + (n + 1) + ": four non-empty fields are wanted");
            }
            ClinicalNeed need;
            try {
                need = ClinicalNeed.valueOf(fields[2].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(RESOURCE + " line " + (n + 1) + ": no clinical need " + fields[2], e);
            }
            rows.add(new Row(fields[0].strip(), fields[1].strip(), need, fields[3].strip()));
        }
        return rows;
    }
}
