package org.qualigate.bench.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.qualigate.bench.BenchSupport;
import org.qualigate.bench.ServiceProcess;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.StandardWebhooks;
import org.qualigate.sandbox.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a run needs on this machine: an embedded PostgreSQL on a fixed data directory and port (so it
 * can be restarted under the service), the sandbox simulators in this JVM, and the Qualigate service jar as
 * a child process that can be started, killed and started again. After {@link #handDatabaseToService()} the
 * service runs its own embedded PostgreSQL on the same data directory and port, as the demo does, so a
 * {@code kill -9} of the service leaves that server running behind it. Closing it stops all three.
 */
public final class SystemUnderTest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemUnderTest.class);

    /** The Standard Webhooks test secret: the run's webhooks are signed with it. */
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static final String ROLE = "BSL.QA.BATCH_REVIEWER";

    private static final String USER = "suite";
    private static final String PASSWORD = "suite-password-2026";
    private static final List<String> BSL_GROUPS = List.of(
            "BSL.FILL-1.OPERATOR",
            "BSL.FILL-1.LEAD",
            "BSL.FILL-1.SETUP_TECH",
            "BSL.LYO-2.OPERATOR",
            "BSL.PACK-3.OPERATOR",
            ROLE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path workDirectory;
    private final Path jar;
    private final List<String> serviceArguments;
    private final String heap;
    private final List<String> jvmOptions;
    private final Path dataDirectory;
    /** Chosen free; replaced while nothing was started with it yet if another program took it first. */
    private int postgresPort;

    private final Sandbox sandbox;
    /** The port the service was last started on (another if it was taken); its next life tries it first. */
    private int servicePort;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final StandardWebhooks signer = new StandardWebhooks(SECRET);
    private @Nullable EmbeddedPostgres postgres;
    /** True once the service runs the database itself (its embedded PostgreSQL on this data directory). */
    private boolean serviceOwnsDatabase;

    private javax.sql.@Nullable DataSource serviceDatabase;
    private @Nullable ServiceProcess service;
    /** The lives' class data archive, once {@link #archiveServiceClasses()} made one. */
    private @Nullable ClassDataArchive classData;

    private int lives;

    private SystemUnderTest(
            Path workDirectory, Path jar, List<String> serviceArguments, String heap, List<String> jvmOptions)
            throws IOException {
        this.workDirectory = workDirectory;
        this.jar = jar;
        this.serviceArguments = new ArrayList<>(serviceArguments);
        this.heap = heap;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.dataDirectory = workDirectory.resolve("postgres");
        this.postgresPort = BenchSupport.freePort();
        this.servicePort = BenchSupport.freePort();
        this.sandbox = Sandbox.start(SandboxOptions.forTests().withPort(0));
        BSL_GROUPS.forEach(sandbox.scim()::createGroup);
    }

    /**
     * Starts PostgreSQL and the sandbox (not yet the service) in a fresh {@code workDirectory}; the people
     * are put into the HRIS directory with an MES account each, since the service reads the directory as
     * it starts.
     */
    public static SystemUnderTest prepare(
            Path workDirectory,
            Path jar,
            List<String> people,
            List<String> serviceArguments,
            String heap,
            List<String> jvmOptions)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the service jar " + jar.toAbsolutePath() + " is missing; build it first");
        }
        deleteRecursively(workDirectory);
        Files.createDirectories(workDirectory);
        SystemUnderTest sut = new SystemUnderTest(workDirectory, jar, serviceArguments, heap, jvmOptions);
        LocalDate hired = LocalDate.now(java.time.ZoneOffset.UTC).minusYears(2);
        for (String id : people) {
            sut.sandbox
                    .hris()
                    .put(new Worker(
                            id,
                            "Suite",
                            "Operator " + id,
                            id.toLowerCase(Locale.ROOT) + "@suite.example",
                            "BSL",
                            null,
                            Worker.ACTIVE,
                            hired,
                            "QA specialist"));
            sut.sandbox.scim().createUser(id, id, "Suite Operator " + id);
        }
        sut.startPostgres();
        return sut;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /** Arguments for every later start of the service (the ERP's and the EMS broker's addresses). */
    public void addServiceArguments(List<String> arguments) {
        serviceArguments.addAll(arguments);
    }

    public URI serviceUri() {
        return URI.create("http://127.0.0.1:" + servicePort);
    }

    // ------------------------------------------------------------------------------------------------
    // PostgreSQL

    private void startPostgres() throws IOException {
        Files.createDirectories(dataDirectory);
        for (int attempt = 1; postgres == null; attempt++) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(postgresPort)
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("timezone", "UTC")
                        .start();
            } catch (IOException e) {
                // free when chosen, taken since: before the service knows the port, another one is as good
                if (lives > 0 || attempt == 5 || !taken(postgresPort)) {
                    throw e;
                }
                log.info("port {} was taken before PostgreSQL bound it; starting it on another", postgresPort);
                postgresPort = BenchSupport.freePort();
            }
        }
        sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'qualigate_app') "
                + "THEN CREATE ROLE qualigate_app LOGIN; END IF; END $$");
    }

    /** Stops PostgreSQL under the running service and starts it again on the same data and port. */
    public void restartPostgres(Duration down) throws IOException, InterruptedException {
        if (serviceOwnsDatabase) {
            throw new IllegalStateException("the service runs the database now; it cannot be restarted under it");
        }
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            pg.close();
        }
        postgres = null;
        Thread.sleep(down.toMillis());
        startPostgres();
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    /**
     * Stops the service politely and this suite's PostgreSQL cleanly; from then on the service starts its own
     * embedded PostgreSQL on the same data directory and port, and the suite reads that one.
     */
    public void handDatabaseToService() throws IOException, InterruptedException {
        stopService();
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            pg.close();
        }
        postgres = null;
        var ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser("postgres");
        serviceDatabase = ds;
        serviceOwnsDatabase = true;
    }

    /** The process id in the data directory's {@code postmaster.pid} when that process runs: a live server. */
    public java.util.OptionalLong runningPostmaster() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return java.util.OptionalLong.empty();
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                ? java.util.OptionalLong.of(pid)
                : java.util.OptionalLong.empty();
    }

    /** A single number from the database, read as the superuser. */
    public long count(String sql) {
        try (Connection c = database().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The delivery backlog: work items not yet done, whatever their state. */
    public long backlog() {
        return count("SELECT count(*) FROM work_item");
    }

    public javax.sql.DataSource database() {
        javax.sql.DataSource own = serviceDatabase;
        if (own != null) {
            return own;
        }
        EmbeddedPostgres pg = postgres;
        if (pg == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        return pg.getPostgresDatabase();
    }

    private void sql(String statement) {
        try (Connection c = database().getConnection();
                Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // The service

    /**
     * Extracts the service jar and archives the class data a start loads ({@link ClassDataArchive}), with the
     * arguments every life gets so far; later lives start with the archive, except those started with
     * {@link #startServiceFromPackagedJar}. Without an archive (it could not be made) every life starts from the
     * packaged jar.
     */
    public void archiveServiceClasses() throws IOException, InterruptedException {
        classData = ClassDataArchive.make(
                        jar, workDirectory.resolve("aot"), heap, jvmOptions, arguments(), Patience.STARTING)
                .orElse(null);
    }

    /**
     * Starts the service with extra {@code -D} settings (e.g. an armed crash point) and waits until healthy.
     * Returns false if it halted with 137 while starting (an armed crash point fired that early).
     */
    public boolean startService(Map<String, String> systemProperties) throws IOException, InterruptedException {
        return startService(systemProperties, classData);
    }

    /**
     * As {@link #startService(Map)}, but from the packaged jar without the class data archive, as an installation runs it:
     * for a start whose time is recorded.
     */
    public boolean startServiceFromPackagedJar(Map<String, String> systemProperties)
            throws IOException, InterruptedException {
        return startService(systemProperties, null);
    }

    private boolean startService(Map<String, String> systemProperties, @Nullable ClassDataArchive cache)
            throws IOException, InterruptedException {
        if (serviceAlive()) {
            throw new IllegalStateException("the service is already running");
        }
        lives++;
        List<String> options = new ArrayList<>(jvmOptions);
        if (cache != null) {
            options.add(cache.jvmOption());
        }
        systemProperties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        Path logFile = workDirectory.resolve("service-" + lives + ".log");
        log.info(
                "service life {} starting {}{} (log {})",
                lives,
                systemProperties,
                cache == null ? " from the packaged jar" : "",
                logFile);
        try {
            ServiceProcess started = ServiceProcess.startHealthy(
                    cache == null ? jar : cache.launcher(),
                    cache == null,
                    heap,
                    options,
                    servicePort,
                    arguments(),
                    logFile,
                    Patience.STARTING);
            service = started;
            servicePort = started.port();
            return true;
        } catch (ServiceProcess.ExitedWhileStarting e) {
            if (e.exitCode() == 137) {
                return false;
            }
            throw e;
        } catch (IllegalStateException e) {
            // not healthy in time: say which life, and how loaded the machine was, beside the log to read
            throw new IllegalStateException(
                    "service life " + lives + " was not healthy within " + Patience.STARTING.toSeconds()
                            + " s (load average " + Patience.loadAverage() + ", bench.startingSeconds to allow more); "
                            + e.getMessage(),
                    e);
        }
    }

    /** The command-line settings of the next life: the database, the simulators, the suite's user, the run's own. */
    private List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        if (serviceOwnsDatabase) {
            // as the demo runs: the service's own embedded PostgreSQL, on the suite's data directory and port
            arguments.add("--qualigate.embedded-postgres.data-directory=" + dataDirectory.toAbsolutePath());
            arguments.add("--qualigate.embedded-postgres.port=" + postgresPort);
        } else {
            arguments.add("--spring.datasource.url=" + jdbcUrl());
            arguments.add("--spring.datasource.username=qualigate_app");
            arguments.add("--spring.datasource.password=");
            arguments.add("--spring.flyway.url=" + jdbcUrl());
            arguments.add("--spring.flyway.user=postgres");
            arguments.add("--spring.flyway.password=");
        }
        arguments.add("--qualigate.sources.hris.secrets=" + SECRET);
        arguments.add("--qualigate.targets.mes.base-url=" + sandbox.scimBaseUri());
        arguments.add("--qualigate.targets.mes.bearer-token=" + SandboxOptions.DEFAULT_SCIM_TOKEN);
        arguments.add("--qualigate.hris-directory.url=" + sandbox.baseUri());
        arguments.add("--qualigate.security.users[0].username=" + USER);
        arguments.add("--qualigate.security.users[0].password={noop}" + PASSWORD);
        arguments.add("--qualigate.security.users[0].roles[0]=ADMINISTRATOR");
        serviceArguments.stream()
                .filter(a -> !serviceOwnsDatabase || !a.startsWith("--qualigate.embedded-postgres."))
                .forEach(arguments::add);
        return arguments;
    }

    /** The service's process id, or -1 when it is not running. */
    public long servicePid() {
        ServiceProcess p = service;
        return p != null && p.alive() ? p.pid() : -1;
    }

    /** The last lines of the service's current log (for a report that says why a run stopped). */
    public String serviceLogTail(int lines) {
        Path logFile = workDirectory.resolve("service-" + lives + ".log");
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean serviceAlive() {
        ServiceProcess p = service;
        return p != null && p.alive();
    }

    /** Waits for the service process to end by itself (an armed crash point); its exit code, or -1 on timeout. */
    public int awaitServiceExit(Duration timeout) throws InterruptedException {
        ServiceProcess p = service;
        return p == null ? -1 : p.awaitExit(timeout);
    }

    /** {@code kill -9}: the process gets no chance to finish anything. */
    public void killService() throws InterruptedException {
        ServiceProcess p = service;
        if (p != null) {
            p.kill();
        }
    }

    /** Stops the service politely. */
    public void stopService() throws InterruptedException {
        ServiceProcess p = service;
        if (p != null) {
            p.close();
        }
    }

    public int lives() {
        return lives;
    }

    // ------------------------------------------------------------------------------------------------
    // HTTP

    /** Posts a signed webhook; the timestamp is the caller's, so it can be skewed. */
    public HttpResponse<String> hook(String webhookId, long timestamp, byte[] body)
            throws IOException, InterruptedException {
        return signedHook("hris", webhookId, timestamp, body);
    }

    /** Posts a webhook to {@code /api/v1/hooks/{source}}, signed with {@link #SECRET} at {@code timestamp}. */
    public HttpResponse<String> signedHook(String source, String webhookId, long timestamp, byte[] body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(serviceUri() + "/api/v1/hooks/" + source))
                        .timeout(Duration.ofSeconds(15))
                        .header("content-type", "application/json")
                        .header("webhook-id", webhookId)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a signed webhook without waiting for the answer (for open-loop load). */
    public java.util.concurrent.CompletableFuture<HttpResponse<Void>> hookAsync(
            String webhookId, long timestamp, byte[] body) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(serviceUri() + "/api/v1/hooks/hris"))
                        .timeout(Duration.ofSeconds(30))
                        .header("content-type", "application/json")
                        .header("webhook-id", webhookId)
                        .header("webhook-timestamp", Long.toString(timestamp))
                        .header("webhook-signature", signer.sign(webhookId, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** {@code GET} an API path with the suite's log-in; the answer as JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(serviceUri() + path))
                        .timeout(Duration.ofSeconds(15))
                        .header("authorization", basic())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** {@code POST} a JSON body to an API path with the suite's log-in; the answer as JSON. */
    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(serviceUri() + path))
                        .timeout(Duration.ofSeconds(15))
                        .header("authorization", basic())
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            if (serviceOwnsDatabase) {
                // politely, so the service stops its own PostgreSQL; one it left behind is stopped here
                stopService();
                stopLeftoverPostmaster();
            } else {
                killService();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("the service's PostgreSQL may still run on {}: {}", dataDirectory, e.getMessage());
        }
        EmbeddedPostgres pg = postgres;
        if (pg != null) {
            try {
                pg.close();
            } catch (IOException e) {
                log.warn("PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        }
        sandbox.close();
    }

    /** A fast shutdown (SIGINT) of a server still running on the data directory, and a wait for its end. */
    private void stopLeftoverPostmaster() throws IOException, InterruptedException {
        java.util.OptionalLong pid = runningPostmaster();
        if (pid.isEmpty()) {
            return;
        }
        new ProcessBuilder("kill", "-s", "INT", Long.toString(pid.getAsLong()))
                .redirectErrorStream(true)
                .start()
                .waitFor(5, TimeUnit.SECONDS);
        ProcessHandle.of(pid.getAsLong()).ifPresent(p -> {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    private static boolean taken(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
