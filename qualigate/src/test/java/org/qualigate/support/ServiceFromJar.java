package org.qualigate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * The packaged service as an installation runs it: {@code java -jar} on a jar file, in a process of its own
 * with its own embedded PostgreSQL data directory, on a free port, its output in a log file. Tests that must
 * see what happens to a real process and its jar — a qualification run beside it, a jar replaced under it —
 * use this; the others use the service the test JVM starts ({@link QualigateIT}).
 */
public final class ServiceFromJar implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final Path postgres;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceFromJar(Process process, int port, Path log, Path postgres) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.postgres = postgres;
    }

    /** The service jar the build packaged in this checkout ({@code qualigate/target/qualigate-<version>.jar}). */
    public static Path packagedJar() {
        Path target = Path.of("target").toAbsolutePath();
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("qualigate-.*\\.jar"))
                    .filter(ServiceFromJar::isBootJar)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no packaged service jar in " + target + ": integration tests run after `package`"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This checkout's root (the integration tests run in {@code qualigate/}). */
    public static Path checkout() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    /** Starts {@code java -jar jar --server.port=<free> arguments…} with its log in {@code work/service.log}. */
    public static ServiceFromJar start(Path jar, Path work, List<String> arguments) throws IOException {
        Files.createDirectories(work);
        int port = freePort();
        Path log = work.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx768m");
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--qualigate.embedded-postgres.data-directory=" + work.resolve("postgres"));
        command.addAll(arguments);
        Process p = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceFromJar(p, port, log, work.resolve("postgres"));
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until readiness answers 200; fails early when the process ends. */
    public void awaitReady(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the service ended with " + process.exitValue() + " while starting; " + tail());
            }
            HttpResponse<String> ready = getAnonymously("/actuator/health/readiness", Duration.ofSeconds(5));
            if (ready != null && ready.statusCode() == 200 && ready.body().contains("\"UP\"")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready within " + atMost + "; " + tail());
    }

    /** A GET without credentials; null when no answer came within the timeout or the connection failed. */
    public HttpResponse<String> getAnonymously(String path, Duration timeout) {
        return send(
                HttpRequest.newBuilder(baseUri().resolve(path)).timeout(timeout).GET(), timeout);
    }

    /** A GET with HTTP Basic credentials; null when no answer came within the timeout or the connection failed. */
    public HttpResponse<String> get(String path, String user, String password, Duration timeout) {
        return send(
                HttpRequest.newBuilder(baseUri().resolve(path))
                        .timeout(timeout)
                        .header(
                                "authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                        .GET(),
                timeout);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the service's embedded PostgreSQL keeps its data (and its {@code postmaster.pid}). */
    public Path postgresDirectory() {
        return postgres;
    }

    /** The last lines of the service's log, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "log " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "log " + log + " unreadable: " + e;
        }
    }

    /** Stops the service (politely, then by force) and, if it could not, the PostgreSQL it started. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            List<String> pid = Files.readAllLines(postgres.resolve("postmaster.pid"));
            ProcessHandle.of(Long.parseLong(pid.get(0).strip()))
                    .filter(h -> h.info().command().orElse("").contains("postgres"))
                    .ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
            // stopped with the service: nothing left
        }
    }

    private static boolean isBootJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
