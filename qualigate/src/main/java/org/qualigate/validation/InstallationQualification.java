package org.qualigate.validation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.io.IOException;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The installation qualification: what is installed (artifact hashes, SBOM), on what (Java, PostgreSQL,
 * schema), how it is configured (a checksum with secrets masked) and whether it reaches each configured
 * system. It reads only: nothing is migrated, written or sent beyond a GET per configured system.
 */
final class InstallationQualification {

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
    public record Report(Instant at, boolean passed, List<Check> checks, Facts facts) {}

    /**
     * What the IQ found, in the order {@code iq-report.json} gives it after the checks: the version, who ran it where,
     * Java, the artifacts and the SBOM (only when the installation has one), the running instance, the database, the
     * configuration and each configured system's answer.
     */
    public record Facts(
            String version,
            String ranBy,
            String host,
            InstalledArtifacts.Java java,
            InstalledArtifacts.Artifacts artifacts,
            @JsonInclude(JsonInclude.Include.NON_NULL) InstalledArtifacts.@Nullable Sbom sbom,
            RunningInstanceCheck.Found instance,
            DatabaseCheck.Database database,
            Configuration configuration,
            List<Reach> connectivity) {}

    /** The configuration's profiles, its checksum and every property by name, secrets masked. */
    record Configuration(List<String> profiles, String sha256, Map<String, String> properties) {}

    /** A configured system and whether the IQ reached it: its address, its answer and how long it took. */
    record Reach(String system, String address, boolean reachable, String answer, long millis) {}

    /** {@code iq-report.json}: what the report is, when, its result and checks, then the facts. */
    private record Written(
            String report,
            String at,
            String result,
            List<Check> checks,
            @JsonUnwrapped Facts facts) {}

    /** Runs every check and writes {@code iq-report.json}, {@code iq-report.md} and the SBOM to the folder. */
    public Report run(Path out) {
        List<Check> checks = new ArrayList<>();
        InstalledArtifacts.Java java = InstalledArtifacts.java(checks);
        InstalledArtifacts.Artifacts artifacts = InstalledArtifacts.artifacts(checks);
        InstalledArtifacts.ReadSbom sbom = InstalledArtifacts.sbom(checks, artifacts);
        Facts facts = new Facts(
                version(),
                System.getProperty("user.name", "unknown"),
                host(),
                java,
                artifacts,
                sbom == null ? null : sbom.facts(),
                new RunningInstanceCheck(instance, timeout).check(checks, artifacts.applicationJarSha256()),
                new DatabaseCheck(environment, propertyNames()).check(checks),
                configuration(checks),
                connectivity(checks));
        boolean passed = checks.stream().allMatch(Check::passed);
        Report report = new Report(clock.instant().truncatedTo(ChronoUnit.SECONDS), passed, checks, facts);
        write(out, report, sbom == null ? null : sbom.bytes());
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

    // -- configuration -----------------------------------------------------------------------------------

    private Configuration configuration(List<Check> checks) {
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
        String sha256 = ServiceArtifact.sha256(
                new java.io.ByteArrayInputStream(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        checks.add(new Check(
                "configuration checksum",
                true,
                effective.size() + " properties, SHA-256 " + sha256 + " (secrets masked)"));
        return new Configuration(List.of(environment.getActiveProfiles()), sha256, effective);
    }

    /** A secret shows only whether it is set; it never enters the report or the checksum. */
    static String masked(String name, String value) {
        if (SECRET.matcher(name).matches() || value.startsWith("whsec_")) {
            return value.isEmpty() ? "<empty>" : "<set, masked>";
        }
        return name.endsWith(".url") || name.endsWith("base-url") ? maskUrl(value) : value;
    }

    static String maskUrl(String url) {
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

    private List<Reach> connectivity(List<Check> checks) {
        List<Reach> results = new ArrayList<>();
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
            long start = System.nanoTime();
            boolean reachable;
            String answer;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(mailHost, port), (int) timeout.toMillis());
                reachable = true;
                answer = "TCP connection accepted";
            } catch (IOException e) {
                reachable = false;
                answer = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            Reach r = new Reach(
                    "spring.mail.host",
                    mailHost + ":" + port,
                    reachable,
                    answer,
                    (System.nanoTime() - start) / 1_000_000);
            checks.add(new Check("reach SMTP " + mailHost + ":" + port, r.reachable(), r.answer()));
            results.add(r);
        }
        return results;
    }

    private Reach reach(HttpClient http, String name, String url, List<Check> checks) {
        long start = System.nanoTime();
        boolean reachable;
        String answer;
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(timeout)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            // Any HTTP answer, 401 or 404 included, shows the system is there; credentials are the OQ's to test.
            reachable = true;
            answer = "HTTP " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            reachable = false;
            answer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reachable = false;
            answer = "interrupted";
        }
        Reach r = new Reach(name, maskUrl(url), reachable, answer, (System.nanoTime() - start) / 1_000_000);
        checks.add(new Check("reach " + name, reachable, maskUrl(url) + ": " + answer));
        return r;
    }

    // -- output ------------------------------------------------------------------------------------------

    private static void write(Path out, Report report, byte @Nullable [] sbom) {
        try {
            Files.createDirectories(out);
            Written json = new Written(
                    "Qualigate installation qualification",
                    report.at().toString(),
                    report.passed() ? "PASSED" : "FAILED",
                    report.checks(),
                    report.facts());
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

    private static String markdown(Report report) {
        Facts f = report.facts();
        StringBuilder md = new StringBuilder("# Qualigate — installation qualification\n\n");
        md.append("- Result: **").append(report.passed() ? "PASSED" : "FAILED").append("**\n");
        md.append("- At: ").append(report.at()).append(" (UTC)\n");
        md.append("- Run by: ")
                .append(f.ranBy())
                .append(" on ")
                .append(f.host())
                .append('\n');
        md.append("- Version: ").append(f.version()).append('\n');
        RunningInstanceCheck.Found running = f.instance();
        md.append("- Running instance: ").append(running.url());
        if (Boolean.TRUE.equals(running.running())) {
            md.append(", version ")
                    .append(running.version() == null ? "not read" : running.version())
                    .append(" built ")
                    .append(running.buildTime() == null ? "?" : running.buildTime());
            if (running.jar() != null) {
                md.append(", started from `")
                        .append(running.jar())
                        .append("` with SHA-256 `")
                        .append(running.sha256AtStart())
                        .append("`; on disk now `")
                        .append(running.sha256OnDisk())
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
        InstalledArtifacts.Artifacts artifacts = f.artifacts();
        md.append("\n## Artifacts (SHA-256)\n\n");
        if (artifacts.applicationJar() != null) {
            md.append("- `")
                    .append(artifacts.applicationJar())
                    .append("`: `")
                    .append(artifacts.applicationJarSha256())
                    .append("`\n");
        }
        md.append("\n| library | SHA-256 |\n| --- | --- |\n");
        artifacts
                .librariesSha256()
                .forEach((k, v) ->
                        md.append("| ").append(k).append(" | `").append(v).append("` |\n"));
        md.append("\nThe SBOM is `bom.json` beside this report; the full facts are in `iq-report.json`.\n");
        return md.toString();
    }
}
