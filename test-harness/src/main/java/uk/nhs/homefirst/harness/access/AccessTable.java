package uk.nhs.homefirst.harness.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's access table, read from the first table after the {@code ## Access} heading of its
 * README, so that the table people read is the table the security test runs. A row:
 *
 * <pre>| `GET /api/referrals/{id}` | 200 | own ODS | own LDU | own hubs | — | — |</pre>
 *
 * <p>The endpoint, the status it answers when allowed, then one cell per role named in the
 * header: {@code all}, {@code own ODS}, {@code own hubs}, {@code own LDU}, or {@code —} for refused.
 */
public record AccessTable(List<Row> rows) {

    public enum Access {
        ALL, OWN_ODS, OWN_HUBS, OWN_LDU, NONE;

        static Access parse(String cell) {
            return switch (cell.trim().toLowerCase(Locale.ROOT)) {
                case "all" -> ALL;
                case "own ods" -> OWN_ODS;
                case "own hubs", "own hub" -> OWN_HUBS;
                case "own ldu" -> OWN_LDU;
                case "—", "-", "" -> NONE;
                default -> throw new IllegalArgumentException("not an access cell: '" + cell + "'");
            };
        }
    }

    /** One endpoint: its method and path as written, the status it answers when allowed, and each role's access. */
    public record Row(String method, String path, int answers, Map<String, Access> roles) {

        public String endpoint() {
            return method + " " + path;
        }
    }

    public static AccessTable read(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int heading = lines.indexOf("## Access");
        if (heading < 0) {
            throw new IllegalStateException(readme + " has no '## Access' section");
        }
        int at = heading + 1;
        while (at < lines.size() && !lines.get(at).startsWith("|")) {
            at++;
        }
        List<String> header = cells(lines.get(at));
        List<Row> rows = new ArrayList<>();
        for (at += 2; at < lines.size() && lines.get(at).startsWith("|"); at++) {
            List<String> cells = cells(lines.get(at));
            String[] endpoint = cells.get(0).replace("`", "").trim().split(" ", 2);
            Map<String, Access> roles = new LinkedHashMap<>();
            for (int c = 2; c < header.size(); c++) {
                roles.put(header.get(c), Access.parse(cells.get(c)));
            }
            rows.add(new Row(endpoint[0], endpoint[1], Integer.parseInt(cells.get(1).trim()), roles));
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException(readme + " has an empty access table");
        }
        return new AccessTable(List.copyOf(rows));
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
