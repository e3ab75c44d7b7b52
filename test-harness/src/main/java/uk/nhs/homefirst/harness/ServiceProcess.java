package uk.nhs.homefirst.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the platform's services run as its own process from its built jar, the way it runs in
 * production: configured only through environment variables, reached only through HTTP and Kafka.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    /** The JVM options deploy/local/run starts referral-service with: HAPI's R4 definitions are ~230 MB of it. */
    public static final String REFERRAL_SERVICE_JAVA_OPTS = "-Xmx768m -XX:+UseG1GC";

    private List<String> javaOptions;
    private Process process;
    private Duration startUp;

    private ServiceProcess(String name, Path jar, int port, Map<String, String> environment, Path log) {
        this.name = name;
        // The local stack's options (deploy/local/run), and its variables to change them.
        this.javaOptions = name.equals("referral-service")
                ? options("HOMEFIRST_REFERRAL_SERVICE_JAVA_OPTS", REFERRAL_SERVICE_JAVA_OPTS)
                : options("HOMEFIRST_SERVICE_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
        this.jar = jar;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    /**
     * Describes the service {@code module} of the repository at {@code root} on a free port.
     * {@code environment} holds its configuration, such as {@code KAFKA_BOOTSTRAP_SERVERS}.
     */
    public static ServiceProcess of(Path root, String module, Map<String, String> environment, Path logDirectory) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw package first");
        }
        int port = KafkaBroker.freePort();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        return new ServiceProcess(module, jar, port, Map.copyOf(env), logDirectory.resolve(module + ".log"));
    }

    private static List<String> options(String variable, String otherwise) {
        return List.of(System.getenv().getOrDefault(variable, otherwise).trim().split("\\s+"));
    }

    /** The JVM options of the process; the local stack's (and its variables) unless set. */
    public ServiceProcess javaOptions(String... options) {
        this.javaOptions = List.of(options);
        return this;
    }

    /** The operating-system process id, to look inside with jcmd. */
    public long pid() {
        return process.pid();
    }

    /** Starts the process and waits until it answers {@code /q/health/ready}. */
    public ServiceProcess start(Duration timeout) {
        Instant begin = Instant.now();
        try {
            Files.createDirectories(log.getParent());
            List<String> command = new ArrayList<>();
            command.add(javaBinary());
            command.addAll(javaOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = begin.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                startUp = Duration.between(begin, Instant.now());
                return this;
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** Asks the process to stop, as an orchestrator would, and waits for it. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** How long the last start took until ready. */
    public Duration startUp() {
        return startUp;
    }

    /** The resident memory of the process in KiB, read from /proc, or -1 where that is not available. */
    public long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private int status(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
