package uk.nhs.homefirst.triage.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import uk.nhs.homefirst.platform.problem.Violations;

/**
 * A rule table as CSV, as an analyst edits it in a spreadsheet: a header, then a row per rule; several
 * values in a cell separated by {@code |}; an empty cell matches anything; lines starting with
 * {@code #} are comments. Faults are named as in JSON ({@code rows[2].pathway}), with the line.
 */
public final class RuleTableCsv {

    public static final String HEADER = "code,urgency,needs_any,discharge_pathway,pathway,confirm,explanation";
    private static final int COLUMNS = 7;

    private RuleTableCsv() {
    }

    /** The rows as given, or null with each fault added. */
    public static List<RuleRowInput> read(String text, Violations violations) {
        List<RuleRowInput> rows = new ArrayList<>();
        boolean header = false;
        String[] lines = text == null ? new String[0] : text.split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!violations.check(line.equals(HEADER), "csv", "line " + number + ": the header must be '" + HEADER + "'")) {
                    return null;
                }
                header = true;
                continue;
            }
            List<String> cells = cells(line);
            String field = "rows[" + rows.size() + "]";
            if (cells == null || cells.size() != COLUMNS) {
                violations.add(field, "line " + number + ": must have " + COLUMNS + " cells (" + HEADER
                        + "); put an explanation with a comma or a quote in double quotes");
                rows.add(null);
                continue;
            }
            String confirm = cells.get(5).strip();
            rows.add(new RuleRowInput(cells.get(0).strip(), list(cells.get(1)), list(cells.get(2)), list(cells.get(3)),
                    cells.get(4).strip(), confirm.equals("true") ? Boolean.TRUE : confirm.equals("false") ? Boolean.FALSE : null,
                    cells.get(6)));
        }
        violations.check(header, "csv", "is empty: the header must be '" + HEADER + "'");
        return rows;
    }

    public static String write(RuleTable table) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (RuleRow row : table.rows()) {
            RuleRowInput r = RuleRowInput.of(row);
            csv.append(r.code()).append(',').append(String.join("|", r.urgencies())).append(',')
                    .append(String.join("|", r.needsAny())).append(',').append(String.join("|", r.dischargePathways()))
                    .append(',').append(r.pathway()).append(',').append(r.confirm()).append(',')
                    .append('"').append(r.explanation().replace("\"", "\"\"")).append('"').append('\n');
        }
        return csv.toString();
    }

    private static List<String> list(String cell) {
        return cell.isBlank() ? List.of() : Arrays.stream(cell.split("\\|")).map(String::strip).toList();
    }

    /** The cells of a line, quotes doubled inside a quoted cell; null when a quote is not closed. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }
}
