package uk.nhs.homefirst.allocation.locality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a locality table: lines starting with {@code #} and blank lines are comments, then a
 * header, then rows of comma-separated cells, the last of which may hold commas. Each row keeps its
 * line number, so that a wrong one is named where it is.
 */
final class TableLines {

    record Row(int line, List<String> cells) {
    }

    private TableLines() {
    }

    /** The rows after the header; {@code cells} cells each, the last taking the rest of the line. */
    static List<Row> read(Reader reader, String source, String header, int cells) throws IOException {
        List<Row> rows = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        boolean headerSeen = false;
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!text.equals(header)) {
                    throw invalid(source, number, "the header must be '" + header + "'");
                }
                headerSeen = true;
                continue;
            }
            String[] split = text.split(",", cells);
            if (split.length != cells) {
                throw invalid(source, number, "a row is " + header + " (" + cells + " cells)");
            }
            rows.add(new Row(number, List.of(split).stream().map(String::strip).toList()));
        }
        if (!headerSeen) {
            throw new IllegalArgumentException(source + " has no header '" + header + "'");
        }
        return rows;
    }

    /** Reads a table from the classpath. */
    static <T> T builtIn(String resource, Parser<T> parser) {
        InputStream in = TableLines.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parser.parse(reader, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Reads a table from a file a deployment names. */
    static <T> T file(String file, Parser<T> parser) {
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            return parser.parse(reader, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    interface Parser<T> {
        T parse(Reader reader, String source) throws IOException;
    }

    static IllegalArgumentException invalid(String source, int line, String message) {
        return new IllegalArgumentException(source + ", line " + line + ": " + message);
    }
}
