package uk.nhs.homefirst.allocation.locality;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hubs and the districts they were first given, read from the migration that defines them (the one
 * list of hubs), so that the unit tests judge the tables against it and not against a copy.
 */
final class HubTable {

    static final String MIGRATION = "db/migration/V1__hubs_cases_allocations_visits.sql";

    private HubTable() {
    }

    static Set<String> ids() {
        String sql = migration();
        String hubs = sql.substring(sql.indexOf("INSERT INTO hub (id, name)"), sql.indexOf("INSERT INTO hub_district"));
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("\\('([a-z-]+)',\\s+'").matcher(hubs);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** The districts the migration gave each hub before the district table existed. */
    static Map<String, String> seededDistricts() {
        String sql = migration();
        String seeded = sql.substring(sql.indexOf("INSERT INTO hub_district"));
        Map<String, String> hubByDistrict = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\('([A-Z0-9]+)',\\s*'([a-z-]+)'\\)").matcher(seeded);
        while (m.find()) {
            hubByDistrict.put(m.group(1), m.group(2));
        }
        return hubByDistrict;
    }

    private static String migration() {
        try (InputStream in = HubTable.class.getClassLoader().getResourceAsStream(MIGRATION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
