package uk.nhs.homefirst.harness.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A JDK that can run Keycloak (Java 21 or later): {@code HOMEFIRST_KEYCLOAK_JAVA_HOME}, else the
 * JDK running this, else the newest under {@code /usr/lib/jvm}. Its version is read from the
 * JDK's {@code release} file.
 */
public record JavaHome(Path path, int version) {

    public static final int KEYCLOAK_MINIMUM = 21;

    public static Optional<JavaHome> forKeycloak() {
        String chosen = System.getenv("HOMEFIRST_KEYCLOAK_JAVA_HOME");
        if (chosen != null && !chosen.isBlank()) {
            return of(Path.of(chosen)).filter(home -> home.version() >= KEYCLOAK_MINIMUM);
        }
        Optional<JavaHome> running = of(Path.of(System.getProperty("java.home")));
        if (running.isPresent() && running.get().version() >= KEYCLOAK_MINIMUM) {
            return running;
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            List<JavaHome> found = homes.map(JavaHome::of).flatMap(Optional::stream)
                    .filter(home -> home.version() >= KEYCLOAK_MINIMUM).toList();
            return found.stream().max(Comparator.comparingInt(JavaHome::version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<JavaHome> of(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Path real = home.toRealPath();
            return Files.readAllLines(release).stream()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(v -> v.split("[.+-]")[0])
                    .filter(v -> v.matches("\\d+"))
                    .map(v -> new JavaHome(real, Integer.parseInt(v)))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
