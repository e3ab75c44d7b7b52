package uk.nhs.homefirst.harness.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from Maven Central ({@code org.keycloak:keycloak-quarkus-dist}, a zip), run in its own
 * JVM on a JDK 21+ in development mode with an in-memory database, so that each start has exactly
 * the realm of {@code deploy/identity/homefirst-realm.json}, made through its admin API.
 *
 * <p>The zip is unpacked once into a cache folder outside the repository (its first start also
 * runs Keycloak's build step there, which later starts skip).
 */
public final class KeycloakServer implements IdentityProvider {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final String version;
    private final JavaHome java;
    private final Credentials admin;

    private KeycloakServer(Process process, int port, String version, JavaHome java, Credentials admin) {
        this.process = process;
        this.port = port;
        this.version = version;
        this.java = java;
        this.admin = admin;
    }

    /**
     * Starts Keycloak from {@code distribution} (the zip) on 127.0.0.1:{@code port}, its output in
     * {@code log}, and creates the realm with the placeholders filled from {@code realmValues}.
     */
    public static KeycloakServer start(Path distribution, Path cache, JavaHome java, int port, Path log,
            Map<String, String> realmValues, Duration timeout) {
        Path home = unpack(distribution, cache);
        Credentials admin = new Credentials("admin", Secrets.random());
        Process process;
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--db=dev-mem", "--cache=local"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("JAVA_HOME", java.path().toString());
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", admin.username());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", admin.password());
            process = builder.start();
            // Whatever becomes of the caller (a start that fails elsewhere, a test JVM given little time
            // to exit), Keycloak is not left running: kc.sh's JVM is asked to stop with the JVM that started it.
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.descendants().forEach(ProcessHandle::destroy);
                started.destroy();
            }, "keycloak-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KeycloakServer server = new KeycloakServer(process, port, home.getFileName().toString(), java, admin);
        try {
            server.awaitReady(timeout, log);
            new IdentityClient(server.baseUrl()).admin(admin).createRealm(RealmTemplate.fill(realmValues));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return version.replace("keycloak-", "Keycloak ") + " (Java " + java.version() + ", " + java.path() + ")";
    }

    @Override
    public Credentials admin() {
        return admin;
    }

    /** Keycloak's JVM, which kc.sh starts as its child. */
    @Override
    public long pid() {
        return process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    @Override
    public void close() {
        // kc.sh runs Keycloak's JVM as its child: stop that first, then the script.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        URI master = URI.create(baseUrl() + "/realms/master/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(master).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log);
    }

    /** Unpacks the zip into {@code cache/<its top folder>} once; a half-unpacked copy is never used. */
    static synchronized Path unpack(Path distribution, Path cache) {
        try {
            String top = topFolder(distribution);
            Path home = cache.resolve(top);
            if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                return home;
            }
            Files.createDirectories(cache);
            Path partial = Files.createTempDirectory(cache, top + ".unpacking-");
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distribution))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    Path target = partial.resolve(entry.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IOException("an entry outside the folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try {
                Files.move(partial.resolve(top), home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                    throw raced;
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + distribution + " into " + cache, e);
        }
    }

    private static String topFolder(Path distribution) throws IOException {
        try (InputStream in = Files.newInputStream(distribution); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry first = zip.getNextEntry();
            if (first == null) {
                throw new IOException(distribution + " is empty");
            }
            return first.getName().split("/", 2)[0];
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
