package org.qualigate.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The installation qualification: what is installed (artifact hashes, SBOM), on what (Java, PostgreSQL,
 * schema), how it is configured (a checksum with secrets masked) and whether it reaches each configured
 * system. It reads only: nothing is migrated, written or sent beyond a GET per configured system.
 */
public final class InstallationQualification {

    static final String SBOM = "META-INF/sbom/bom.json";
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(password|secret|token|credential|private-key|api-key|\\.key$).*");
    private static final Pattern ENDPOINT = Pattern.compile("qualigate\\..+\\.(base-url|url|learning-base-url)");
    private static final List<String> CONFIGURATION_PREFIXES =
            List.of("qualigate.", "spring.", "server.", "management.");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ConfigurableEnvironment environment;
    private final Clock clock;
    private final Duration timeout;
    private final Instance instance;

    public InstallationQualification(
            ConfigurableEnvironment environment, Clock clock, Duration timeout, Instance instance) {
        this.environment = environment;
        this.clock = clock;
        this.timeout = timeout;
        this.instance = instance;
    }

    /**
     * Where the installed service runs, if it runs, and a user allowed to read its {@code /actuator/info}: the
     * IQ compares the jar that instance was started from with the file on disk and with the jar it qualifies.
     */
    public record Instance(URI url, @Nullable String user, String password) {

        public Instance {
            url = url.toString().endsWith("/") ? url : URI.create(url + "/");
        }

        @Override
        public String toString() {
            return "Instance[" + url + (user == null ? "" : " as " + user) + "]";
        }
    }

    /** One check of the report: what was checked, whether it passed, and what was found. */
    public record Check(String name, boolean passed, String finding) {}

    /** The report: every check and the facts found, in the order written. */
    public record Report(Instant at, boolean passed, List<Check> checks, Map<String, Object> facts) {}

    /** Runs every check and writes {@code iq-report.json}, {@code iq-report.md} and the SBOM to the folder. */
    public Report run(Path out) {
        List<Check> checks = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", version());
        facts.put("ranBy", System.getProperty("user.name", "unknown"));
        facts.put("host", host());
        facts.put("java", java(checks));
        Map<String, Object> artifacts = artifacts(checks);
        facts.put("artifacts", artifacts);
        byte[] sbom = sbom(checks, facts);
        facts.put("instance", instance(checks, (String) artifacts.get("applicationJarSha256")));
        facts.put("database", database(checks));
        facts.put("configuration", configuration(checks));
        facts.put("connectivity", connectivity(checks));
        boolean passed = checks.stream().allMatch(Check::passed);
        Report report = new Report(clock.instant().truncatedTo(ChronoUnit.SECONDS), passed, checks, facts);
        write(out, report, sbom);
        return report;
    }

    private static String version() {
        String v = InstallationQualification.class.getPackage().getImplementationVersion();
        return v == null ? "unknown (not run from the packaged jar)" : v;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Map<String, Object> java(List<Check> checks) {
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        java.put("home", System.getProperty("java.home"));
        int feature = Runtime.version().feature();
        checks.add(new Check("Java 21 or newer", feature >= 21, "Java " + System.getProperty("java.version")));
        return java;
    }

    // -- artifacts -------------------------------------------------------------------------------------

    private static Map<String, Object> artifacts(List<Check> checks) {
        Map<String, Object> artifacts = new LinkedHashMap<>();
        Map<String, String> libraries = new TreeMap<>();
        List<String> classpath = classpath();
        String application = null;
        for (String entry : classpath) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p) && entry.endsWith(".jar") && isBootJar(p)) {
                application = entry;
                artifacts.put("applicationJar", entry);
                artifacts.put("applicationJarSha256", ServiceArtifact.sha256(p));
                libraries.putAll(nestedLibraries(p));
            } else if (Files.isRegularFile(p)) {
                libraries.put(p.getFileName().toString(), ServiceArtifact.sha256(p));
            } else if (Files.isDirectory(p)) {
                artifacts.computeIfAbsent("classDirectories", k -> new ArrayList<String>());
                @SuppressWarnings("unchecked")
                List<String> dirs = (List<String>) artifacts.get("classDirectories");
                dirs.add(entry);
            }
        }
        artifacts.put("libraryCount", libraries.size());
        artifacts.put("librariesSha256", libraries);
        checks.add(new Check(
                "artifact hashes",
                !libraries.isEmpty(),
                (application == null ? "not run from the packaged jar; " : "jar " + application + "; ")
                        + libraries.size() + " libraries hashed (SHA-256)"));
        return artifacts;
    }

    private static List<String> classpath() {
        // Under Surefire/Failsafe the JVM's class path is a manifest-only jar; the real one is given here.
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
        List<String> entries = new ArrayList<>();
        for (String e : path.split(java.io.File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static boolean isBootJar(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry("BOOT-INF/classes/") != null || zip.getEntry("BOOT-INF/lib/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> nestedLibraries(Path jar) {
        Map<String, String> libraries = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().startsWith("BOOT-INF/lib/") && e.getName().endsWith(".jar")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        libraries.put(e.getName().substring("BOOT-INF/lib/".length()), ServiceArtifact.sha256(in));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return libraries;
    }

    private static byte @Nullable [] sbom(List<Check> checks, Map<String, Object> facts) {
        try (InputStream in = InstallationQualification.class.getClassLoader().getResourceAsStream(SBOM)) {
            if (in == null) {
                checks.add(new Check("SBOM (CycloneDX)", false, SBOM + " is not in the installation"));
                return null;
            }
            byte[] bytes = in.readAllBytes();
            JsonNode bom = JSON.readTree(bytes);
            Map<String, Object> sbom = new LinkedHashMap<>();
            sbom.put(
                    "format",
                    bom.path("bomFormat").asString("") + " "
                            + bom.path("specVersion").asString(""));
            sbom.put("serialNumber", bom.path("serialNumber").asString(""));
            sbom.put("components", bom.path("components").size());
            sbom.put("sha256", ServiceArtifact.sha256(new java.io.ByteArrayInputStream(bytes)));
            sbom.put("librariesNotInSbom", librariesNotIn(bom, facts));
            facts.put("sbom", sbom);
            boolean ok = "CycloneDX".equals(bom.path("bomFormat").asString(""))
                    && bom.path("components").size() > 0;
            checks.add(new Check("SBOM (CycloneDX)", ok, bom.path("components").size() + " components in " + SBOM));
            return bytes;
        } catch (IOException | RuntimeException e) {
            checks.add(new Check("SBOM (CycloneDX)", false, "unreadable: " + e.getMessage()));
            return null;
        }
    }

    /** Installed libraries the SBOM does not name (informational: Boot adds its own jar-mode tools). */
    @SuppressWarnings("unchecked")
    private static List<String> librariesNotIn(JsonNode bom, Map<String, Object> facts) {
        TreeSet<String> named = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            named.add(c.path("name").asString("") + "-" + c.path("version").asString("") + ".jar");
        }
        Map<String, Object> artifacts = (Map<String, Object>) facts.get("artifacts");
        Map<String, String> libraries = (Map<String, String>) artifacts.get("librariesSha256");
        return libraries.keySet().stream().filter(l -> !named.contains(l)).toList();
    }

    // -- database ----------------------------------------------------------------------------------------

    private Map<String, Object> database(List<Check> checks) {
        Map<String, Object> db = new LinkedHashMap<>();
        String url = environment.getProperty("spring.datasource.url", "");
        db.put("url", maskUrl(url));
        try (Connection c = DriverManager.getConnection(
                        url,
                        environment.getProperty("spring.datasource.username", ""),
                        environment.getProperty("spring.datasource.password", ""));
                Statement s = c.createStatement()) {
            db.put("postgresql", single(s, "SHOW server_version"));
            db.put("postgresqlBuild", single(s, "SELECT version()"));
            db.put("user", single(s, "SELECT current_user"));
            checks.add(new Check("PostgreSQL reachable", true, "PostgreSQL " + db.get("postgresql")));
        } catch (SQLException e) {
            checks.add(new Check("PostgreSQL reachable", false, e.getMessage()));
            return db;
        }
        db.put("schema", schema(checks));
        return db;
    }

    private Map<String, Object> schema(List<Check> checks) {
        Map<String, Object> schema = new LinkedHashMap<>();
        String url = environment.getProperty("spring.flyway.url", environment.getProperty("spring.datasource.url", ""));
        String user = environment.getProperty(
                "spring.flyway.user", environment.getProperty("spring.datasource.username", ""));
        String password = environment.getProperty(
                "spring.flyway.password", environment.getProperty("spring.datasource.password", ""));
        Map<String, String> placeholders = new TreeMap<>();
        String prefix = "spring.flyway.placeholders.";
        for (String name : propertyNames()) {
            if (name.startsWith(prefix)) {
                placeholders.put(name.substring(prefix.length()), environment.getProperty(name, ""));
            }
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations(environment.getProperty("spring.flyway.locations", "classpath:db/migration"))
                .placeholders(placeholders)
                .load();
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        schema.put("version", current == null ? "none" : current.getVersion().getVersion());
        schema.put("description", current == null ? "" : current.getDescription());
        schema.put("pending", info.pending().length);
        List<Map<String, Object>> applied = new ArrayList<>();
        for (MigrationInfo m : info.applied()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("version", m.getVersion() == null ? "" : m.getVersion().getVersion());
            row.put("script", m.getScript());
            row.put("checksum", m.getChecksum());
            row.put("state", m.getState().getDisplayName());
            row.put(
                    "installedOn",
                    m.getInstalledOn() == null
                            ? ""
                            : m.getInstalledOn().toInstant().toString());
            applied.add(row);
        }
        schema.put("applied", applied);
        // Pending migrations are reported on their own; validation compares applied ones with their scripts.
        ValidateResult validation = Flyway.configure()
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:pending")
                .load()
                .validateWithResult();
        List<String> problems = new ArrayList<>();
        if (validation.invalidMigrations != null) {
            validation.invalidMigrations.forEach(m -> problems.add(
                    m.version + " " + m.filepath + ": " + (m.errorDetails == null ? "" : m.errorDetails.errorMessage)));
        }
        schema.put("checksumsValid", validation.validationSuccessful);
        schema.put("validationProblems", problems);
        checks.add(new Check(
                "schema version and checksums",
                validation.validationSuccessful && info.pending().length == 0,
                "schema at version " + schema.get("version") + ", " + info.pending().length + " pending, "
                        + (validation.validationSuccessful
                                ? "every applied migration matches its script"
                                : String.join("; ", problems))));
        return schema;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    // -- the running instance ----------------------------------------------------------------------------

    /**
     * The jar the running instance was started from (its SHA-256 as read at its start, from
     * {@code /actuator/info}), compared with the file on disk now and with the jar this IQ qualifies. No
     * instance answering is a finding, not a failure: an installation is qualified before its first start.
     */
    private Map<String, Object> instance(List<Check> checks, @Nullable String qualifiedJarSha) {
        Map<String, Object> found = new LinkedHashMap<>();
        found.put("url", instance.url().toString());
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> health = http.send(
                    HttpRequest.newBuilder(instance.url().resolve("actuator/health"))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            found.put("running", true);
            found.put("health", health.statusCode() + " " + health.body());
        } catch (IOException e) {
            found.put("running", false);
            checks.add(new Check(
                    "running instance's jar",
                    true,
                    "no instance answers at " + instance.url() + " ("
                            + e.getClass().getSimpleName()
                            + "): nothing to compare; run the IQ again while the service runs"));
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("running instance's jar", false, "interrupted"));
            return found;
        }
        String user = instance.user();
        if (user == null) {
            checks.add(new Check(
                    "running instance's jar",
                    false,
                    "an instance answers at " + instance.url() + ": give --user (password in QUALIGATE_IQ_PASSWORD)"
                            + " so the IQ can read its /actuator/info and compare the jar it runs"));
            return found;
        }
        JsonNode info;
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(instance.url().resolve("actuator/info"))
                            .timeout(timeout)
                            .header(
                                    "authorization",
                                    "Basic "
                                            + java.util.Base64.getEncoder()
                                                    .encodeToString((user + ":" + instance.password())
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                checks.add(new Check(
                        "running instance's jar",
                        false,
                        "GET /actuator/info as " + user + " answered " + answer.statusCode()));
                return found;
            }
            info = JSON.readTree(answer.body());
        } catch (IOException | RuntimeException e) {
            checks.add(new Check("running instance's jar", false, "GET /actuator/info failed: " + e));
            return found;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(new Check("running instance's jar", false, "interrupted"));
            return found;
        }
        JsonNode build = info.path("build");
        JsonNode artifact = info.path("artifact");
        found.put("version", build.path("version").asString("not reported"));
        found.put("buildTime", build.path("time").asString("not reported"));
        found.put("runningFrom", artifact.path("runningFrom").asString("not reported"));
        if (!artifact.path("runningFrom").asString("").equals("jar")) {
            boolean same = qualifiedJarSha == null && !artifact.isMissingNode();
            checks.add(new Check(
                    "running instance's jar",
                    same,
                    same
                            ? "the instance and this IQ both run from class directories: no jar to compare"
                            : "the instance does not report a jar (" + found.get("runningFrom") + ")"));
            return found;
        }
        String path = artifact.path("path").asString("");
        String atStart = artifact.path("sha256").asString("");
        found.put("jar", path);
        found.put("sha256AtStart", atStart);
        found.put("onDiskAsTheInstanceSeesIt", artifact.path("onDisk").asString(""));
        String onDisk;
        boolean unchanged;
        Path file = Path.of(path);
        if (Files.isReadable(file)) {
            onDisk = ServiceArtifact.sha256(file);
            unchanged = onDisk.equals(atStart);
        } else {
            // another host or no permission: the instance's own comparison (size and time) is all there is
            onDisk = "not readable from this host";
            unchanged = "unchanged".equals(found.get("onDiskAsTheInstanceSeesIt"));
        }
        found.put("sha256OnDisk", onDisk);
        checks.add(new Check(
                "running instance's jar unchanged on disk",
                unchanged,
                "started from " + path + " with SHA-256 " + atStart + "; on disk now: " + onDisk
                        + (Files.isReadable(file)
                                ? ""
                                : " (the instance says: " + found.get("onDiskAsTheInstanceSeesIt") + ")")));
        if (qualifiedJarSha != null) {
            found.put("sameAsQualifiedJar", qualifiedJarSha.equals(atStart));
            checks.add(new Check(
                    "running instance runs the qualified jar",
                    qualifiedJarSha.equals(atStart),
                    "instance " + atStart + ", qualified jar " + qualifiedJarSha));
        }
        return found;
    }

    // -- configuration -----------------------------------------------------------------------------------

    private Map<String, Object> configuration(List<Check> checks) {
        Map<String, String> effective = new TreeMap<>();
        for (String name : propertyNames()) {
            if (CONFIGURATION_PREFIXES.stream().anyMatch(name::startsWith)) {
                String value;
                try {
                    value = environment.getProperty(name, "");
                } catch (RuntimeException e) {
                    value = "<unresolvable>";
                }
                effective.put(name, masked(name, value));
            }
        }
        StringBuilder canonical = new StringBuilder();
        effective.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("profiles", List.of(environment.getActiveProfiles()));
        configuration.put(
                "sha256",
                ServiceArtifact.sha256(
                        new java.io.ByteArrayInputStream(canonical.toString().getBytes(StandardCharsets.UTF_8))));
        configuration.put("properties", effective);
        checks.add(new Check(
                "configuration checksum",
                true,
                effective.size() + " properties, SHA-256 " + configuration.get("sha256") + " (secrets masked)"));
        return configuration;
    }

    /** A secret shows only whether it is set; it never enters the report or the checksum. */
    static String masked(String name, String value) {
        if (SECRET.matcher(name).matches() || value.startsWith("whsec_")) {
            return value.isEmpty() ? "<empty>" : "<set, masked>";
        }
        return name.endsWith(".url") || name.endsWith("base-url") ? maskUrl(value) : value;
    }

    private static String maskUrl(String url) {
        return url.replaceAll("(?<=://)[^/@]+@", "<masked>@").replaceAll("(?i)(password=)[^&;]*", "$1<masked>");
    }

    private List<String> propertyNames() {
        TreeSet<String> names = new TreeSet<>();
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> e
                    && !source.getName().startsWith("system")) {
                names.addAll(List.of(e.getPropertyNames()));
            }
        }
        return List.copyOf(names);
    }

    // -- connectivity ------------------------------------------------------------------------------------

    private List<Map<String, Object>> connectivity(List<Check> checks) {
        List<Map<String, Object>> results = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        for (String name : propertyNames()) {
            if (!ENDPOINT.matcher(name).matches()) {
                continue;
            }
            String url = environment.getProperty(name, "");
            if (url.isBlank()) {
                continue;
            }
            results.add(reach(http, name, url, checks));
        }
        String mailHost = environment.getProperty("spring.mail.host", "");
        if (!mailHost.isBlank()) {
            int port = environment.getProperty("spring.mail.port", Integer.class, 25);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("system", "spring.mail.host");
            r.put("address", mailHost + ":" + port);
            long start = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(mailHost, port), (int) timeout.toMillis());
                r.put("reachable", true);
                r.put("answer", "TCP connection accepted");
            } catch (IOException e) {
                r.put("reachable", false);
                r.put("answer", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            r.put("millis", (System.nanoTime() - start) / 1_000_000);
            checks.add(new Check(
                    "reach SMTP " + mailHost + ":" + port, (Boolean) r.get("reachable"), (String) r.get("answer")));
            results.add(r);
        }
        return results;
    }

    private Map<String, Object> reach(HttpClient http, String name, String url, List<Check> checks) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("system", name);
        r.put("address", maskUrl(url));
        long start = System.nanoTime();
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            // Any HTTP answer, 401 or 404 included, shows the system is there; credentials are the OQ's to test.
            r.put("reachable", true);
            r.put("answer", "HTTP " + response.statusCode());
        } catch (IOException | IllegalArgumentException e) {
            r.put("reachable", false);
            r.put("answer", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.put("reachable", false);
            r.put("answer", "interrupted");
        }
        r.put("millis", (System.nanoTime() - start) / 1_000_000);
        checks.add(new Check("reach " + name, (Boolean) r.get("reachable"), maskUrl(url) + ": " + r.get("answer")));
        return r;
    }

    // -- output ------------------------------------------------------------------------------------------

    private static void write(Path out, Report report, byte @Nullable [] sbom) {
        try {
            Files.createDirectories(out);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("report", "Qualigate installation qualification");
            json.put("at", report.at().toString());
            json.put("result", report.passed() ? "PASSED" : "FAILED");
            json.put("checks", report.checks());
            json.putAll(report.facts());
            Files.writeString(
                    out.resolve("iq-report.json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json),
                    StandardCharsets.UTF_8);
            Files.writeString(out.resolve("iq-report.md"), markdown(report), StandardCharsets.UTF_8);
            if (sbom != null) {
                Files.write(out.resolve("bom.json"), sbom);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Report report) {
        Map<String, Object> f = report.facts();
        StringBuilder md = new StringBuilder("# Qualigate — installation qualification\n\n");
        md.append("- Result: **").append(report.passed() ? "PASSED" : "FAILED").append("**\n");
        md.append("- At: ").append(report.at()).append(" (UTC)\n");
        md.append("- Run by: ")
                .append(f.get("ranBy"))
                .append(" on ")
                .append(f.get("host"))
                .append('\n');
        md.append("- Version: ").append(f.get("version")).append('\n');
        Map<String, Object> running = (Map<String, Object>) f.get("instance");
        md.append("- Running instance: ").append(running.get("url"));
        if (Boolean.TRUE.equals(running.get("running"))) {
            md.append(", version ")
                    .append(running.getOrDefault("version", "not read"))
                    .append(" built ")
                    .append(running.getOrDefault("buildTime", "?"));
            if (running.containsKey("jar")) {
                md.append(", started from `")
                        .append(running.get("jar"))
                        .append("` with SHA-256 `")
                        .append(running.get("sha256AtStart"))
                        .append("`; on disk now `")
                        .append(running.get("sha256OnDisk"))
                        .append('`');
            }
        } else {
            md.append(" (not running)");
        }
        md.append("\n\n");
        md.append("| check | result | finding |\n| --- | --- | --- |\n");
        for (Check c : report.checks()) {
            md.append("| ")
                    .append(c.name())
                    .append(" | ")
                    .append(c.passed() ? "pass" : "**FAIL**")
                    .append(" | ")
                    .append(c.finding().replace("|", "\\|").replace("\n", " "))
                    .append(" |\n");
        }
        Map<String, Object> artifacts = (Map<String, Object>) f.get("artifacts");
        md.append("\n## Artifacts (SHA-256)\n\n");
        if (artifacts.containsKey("applicationJar")) {
            md.append("- `")
                    .append(artifacts.get("applicationJar"))
                    .append("`: `")
                    .append(artifacts.get("applicationJarSha256"))
                    .append("`\n");
        }
        md.append("\n| library | SHA-256 |\n| --- | --- |\n");
        ((Map<String, String>) artifacts.get("librariesSha256"))
                .forEach((k, v) ->
                        md.append("| ").append(k).append(" | `").append(v).append("` |\n"));
        md.append("\nThe SBOM is `bom.json` beside this report; the full facts are in `iq-report.json`.\n");
        return md.toString();
    }
}
