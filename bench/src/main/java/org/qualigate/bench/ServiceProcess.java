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
public final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private final Process process;
    private final int port;
    private final URI baseUri;
    private final Path logFile;
    private final Thread shutdownHook;

    private ServiceProcess(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.baseUri = URI.create("http://127.0.0.1:" + port);
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stop, "stop-qualigate-service");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * How long a service may take to become healthy before the benchmark gives up: 3 minutes, or
     * {@code bench.startingSeconds} (a machine shared with other work can take longer to migrate and start).
     */
    static final Duration STARTING = Duration.ofSeconds(Long.getLong("bench.startingSeconds", 180));

    private static final int PORT_ATTEMPTS = 5;

    /**
     * Starts {@code java -jar jar arguments…} with the JVM running the benchmark on a free port and waits until
     * it is healthy. A port is chosen by binding and releasing it, so another program may take it before the
     * service binds it: then the service exits saying so, and it is started again on another port.
     */
    static ServiceProcess startHealthy(
            Path jar, String heap, List<String> jvmOptions, List<String> arguments, Path logFile)
            throws IOException, InterruptedException {
        return startHealthy(jar, true, heap, jvmOptions, 0, arguments, logFile, STARTING);
    }

    /**
     * As {@link #startHealthy(Path, String, List, List, Path)}, first on {@code port} (0: any free port); a
     * process that exits while starting for another reason throws {@link ExitedWhileStarting}. With
     * {@code privateCopy} false the jar runs where it is, for a jar that is already the caller's own (an extracted
     * launcher whose {@code lib/} lies beside it).
     */
    public static ServiceProcess startHealthy(
            Path jar,
            boolean privateCopy,
            String heap,
            List<String> jvmOptions,
            int port,
            List<String> arguments,
            Path logFile,
            Duration timeout)
            throws IOException, InterruptedException {
        int next = port == 0 ? BenchSupport.freePort() : port;
        for (int attempt = 1; ; attempt++) {
            ServiceProcess service = start(jar, privateCopy, heap, jvmOptions, next, arguments, logFile);
            try {
                service.awaitHealthy(timeout);
                return service;
            } catch (ExitedWhileStarting e) {
                service.close();
                if (!e.portTaken() || attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                log.info("port {} was taken before the service bound it; starting it again on another", next);
                next = BenchSupport.freePort();
            }
        }
    }

    private static ServiceProcess start(
            Path jar,
            boolean privateCopy,
            String heap,
            List<String> jvmOptions,
            int port,
            List<String> arguments,
            Path logFile)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the service jar " + jar.toAbsolutePath() + " is missing; build it first");
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        // A private copy: a concurrent rebuild may rewrite the original while the service reads classes from it. One
        // per log file, so that a compared build started beside it does not replace the first one's copy.
        Path copy = jar;
        if (privateCopy) {
            copy = logFile.toAbsolutePath()
                    .resolveSibling(logFile.getFileName().toString().replaceFirst("\\.log$", "") + ".jar");
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        // The heap fixed at its maximum: G1 otherwise keeps it small (160-192 MiB of a 1 GiB maximum seen), and with
        // the live set (~60 MiB) near its start threshold for concurrent marking, whether an instance marks every few
        // seconds or seldom depended on the size it happened to settle at (95 cycles against 15 in one P5 run)
        command.add("-Xms" + heap);
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
        log.info("service started as process {} on port {} (log: {})", p.pid(), port, logFile);
        return new ServiceProcess(p, port, logFile);
    }

    /** The service process ended before it became healthy, with this exit code. */
    public static final class ExitedWhileStarting extends IllegalStateException {

        private final int exitCode;
        private final boolean portTaken;

        ExitedWhileStarting(int exitCode, boolean portTaken, Path logFile) {
            super("the service exited with " + exitCode + " while starting; see " + logFile);
            this.exitCode = exitCode;
            this.portTaken = portTaken;
        }

        public int exitCode() {
            return exitCode;
        }

        boolean portTaken() {
            return portTaken;
        }
    }

    /** The {@code java} that runs this JVM: the services started from it run on the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    URI baseUri() {
        return baseUri;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or -1 if it still runs after {@code timeout}. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** {@code kill -9}: the process gets no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        forgetShutdownHook();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * A full collection of the service's heap ({@code jcmd <pid> GC.run}, the JDK's own tool beside the running
     * {@code java}), waited for; false when it could not be asked. In one run, young pauses took 20-30 ms before a
     * full collection and 2-4 ms after it, on both instances; so two instances compared phase by phase start each
     * phase from a heap in the same state.
     */
    public boolean collectFully() {
        Path jcmd = Path.of(javaExecutable()).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
                    throw new ExitedWhileStarting(process.exitValue(), portTaken(), logFile);
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

    /** Whether the log says the port was in use when the service tried to bind it. */
    private boolean portTaken() {
        try {
            String said = Files.readString(logFile);
            return said.contains("Port " + port + " was already in use") || said.contains("Address already in use");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        forgetShutdownHook();
    }

    private void forgetShutdownHook() {
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
