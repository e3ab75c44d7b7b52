package uk.nhs.homefirst.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hazard log ({@code docs/hazard-log.md}) names, for each control, the test or file that shows it
 * works. A control whose evidence was renamed or deleted would claim a check nobody runs: every
 * {@code Class.method} it names must be a test method of that class, every {@code Class} a test class,
 * and every path a file of the repository.
 */
class HazardLogTest {

    private static final Pattern TEST_METHOD = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))\\.([a-z][A-Za-z0-9]*)`");
    private static final Pattern TEST_CLASS = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))`");
    private static final Pattern FILE = Pattern.compile("`((?:[a-z0-9.-]+/)+[A-Za-z0-9._-]+)`");

    private final Path root = DeployConfigurationTest.repositoryRoot();

    @Test
    void everyTestTheLogNamesExistsAndEveryFileItNamesIsThere() throws IOException {
        String log = Files.readString(root.resolve("docs/hazard-log.md"));
        Map<String, List<Path>> sources = testSources();
        List<String> missing = new ArrayList<>();
        int methods = 0;
        Matcher method = TEST_METHOD.matcher(log);
        while (method.find()) {
            methods++;
            String test = method.group(1);
            Pattern declared = Pattern.compile("void\\s+" + method.group(2) + "\\s*\\(");
            boolean found = sources.getOrDefault(test, List.of()).stream().anyMatch(file -> declared.matcher(read(file)).find());
            if (!found) {
                missing.add(test + "." + method.group(2));
            }
        }
        Matcher testClass = TEST_CLASS.matcher(log);
        while (testClass.find()) {
            if (!sources.containsKey(testClass.group(1))) {
                missing.add(testClass.group(1));
            }
        }
        Matcher file = FILE.matcher(log);
        int files = 0;
        while (file.find()) {
            files++;
            if (!Files.exists(root.resolve(file.group(1)))) {
                missing.add(file.group(1));
            }
        }
        assertThat(missing).as("evidence the hazard log names that is not in the repository").isEmpty();
        // The patterns still find what the log is made of: a change of its form cannot make this pass empty.
        assertThat(methods).isGreaterThan(30);
        assertThat(files).isGreaterThan(2);
    }

    /** Every test source file of the repository, by class name (AccessTableIT is in three services). */
    private Map<String, List<Path>> testSources() throws IOException {
        Map<String, List<Path>> sources = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                // Build output, the local stack's data and git's own files hold no sources.
                return name.startsWith(".") || name.equals("target") || name.equals("node_modules")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = file.getFileName().toString();
                if (name.endsWith(".java") && file.toString().contains("/src/test/java/")) {
                    sources.computeIfAbsent(name.substring(0, name.length() - 5), k -> new ArrayList<>()).add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return sources;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
