package uk.nhs.homefirst.monitor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard works with no internet access (clinical networks often block CDNs): every file it
 * loads is served by the monitor, and none names a remote address to load from.
 */
class DashboardFilesTest {

    private static final Path PAGES = Path.of("src/main/resources/META-INF/resources");
    /** A remote load: a src, href or CSS url() of http(s) or protocol-relative form; an import from one. */
    private static final Pattern REMOTE = Pattern.compile(
            "(?:src|href)\\s*=\\s*[\"']?(?:https?:)?//|url\\(\\s*[\"']?(?:https?:)?//|import[^;]{0,200}[\"'](?:https?:)?//",
            Pattern.CASE_INSENSITIVE);
    /** What the page loads by absolute path. */
    private static final Pattern LOCAL = Pattern.compile("(?:src|href)=\"(/[^\"#?]+)\"");

    @Test
    void noPageScriptOrStyleLoadsAnythingFromElsewhere() throws IOException {
        try (Stream<Path> files = Files.walk(PAGES)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.(html|css|js)$")).toList()) {
                Matcher remote = REMOTE.matcher(Files.readString(file));
                boolean found = remote.find();
                assertThat(found).as(file + " loads from elsewhere: " + (found ? remote.group() : "")).isFalse();
            }
        }
    }

    @Test
    void everyFileThePagesLoadIsServedByTheMonitor() throws IOException {
        for (String page : List.of("index.html", "signed-out.html")) {
            Matcher local = LOCAL.matcher(Files.readString(PAGES.resolve(page)));
            int found = 0;
            while (local.find()) {
                String path = local.group(1);
                if (path.equals("/") || path.equals("/logout")) {
                    continue;
                }
                found++;
                // Static files are ours or a WebJar's, both under META-INF/resources on the class path.
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/resources" + path)) {
                    assertThat(in).as(page + " loads " + path + ", which the monitor does not serve").isNotNull();
                }
            }
            assertThat(found).as(page + " loads its styles").isPositive();
        }
    }

    @Test
    void theVendoredDesignSystemSaysItsVersionAndLicence() throws IOException {
        Path vendored = PAGES.resolve("nhsuk-frontend");
        assertThat(Files.readString(vendored.resolve("VERSION")).strip()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(Files.readString(vendored.resolve("LICENCE"), StandardCharsets.UTF_8)).contains("MIT License");
    }
}
