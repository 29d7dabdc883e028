package org.qualigate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Qualigate service as a child process of the benchmark, with its output in a log file. Closing it
 * stops the process (politely, then by force); a shutdown hook does the same if the benchmark is
 * interrupted.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private final Process process;
    private final URI baseUri;
    private final Path logFile;
    private final Thread shutdownHook;

    private ServiceProcess(Process process, URI baseUri, Path logFile) {
        this.process = process;
        this.baseUri = baseUri;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "stop-qualigate-service");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code java -jar jar arguments…} with the JVM running the benchmark. */
    static ServiceProcess start(
            Path jar, String heap, List<String> jvmOptions, int port, List<String> arguments, Path logFile)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the service jar " + jar.toAbsolutePath() + " is missing; build it first");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        // A private copy: a concurrent rebuild may rewrite the original while the service reads classes from it.
        Path copy = logFile.toAbsolutePath().getParent().resolve("qualigate-service.jar");
        Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(copy.toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        log.info("service started as process {} (log: {})", p.pid(), logFile);
        return new ServiceProcess(p, URI.create("http://127.0.0.1:" + port), logFile);
    }

    static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    URI baseUri() {
        return baseUri;
    }

    long pid() {
        return process.pid();
    }

    /** Fails if the process has ended, e.g. because something outside the benchmark stopped it. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the service process " + process.pid() + " ended with "
                    + process.exitValue() + " during the run; see " + logFile);
        }
    }

    /** Waits until {@code GET /actuator/health} answers 200; fails early if the process exits. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpRequest health = HttpRequest.newBuilder(URI.create(baseUri + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            while (System.nanoTime() - deadline < 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "the service exited with " + process.exitValue() + " while starting; see " + logFile);
                }
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("the service was not healthy within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs stop() again, which is harmless
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("service did not stop within 30 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
