package org.qualigate.validation;

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
import java.util.LinkedHashMap;
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
    public record Report(Instant at, boolean passed, List<Check> checks, Map<String, Object> facts) {}

    /** Runs every check and writes {@code iq-report.json}, {@code iq-report.md} and the SBOM to the folder. */
    public Report run(Path out) {
        List<Check> checks = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", version());
        facts.put("ranBy", System.getProperty("user.name", "unknown"));
        facts.put("host", host());
        facts.put("java", InstalledArtifacts.java(checks));
        Map<String, Object> artifacts = InstalledArtifacts.artifacts(checks);
        facts.put("artifacts", artifacts);
        byte[] sbom = InstalledArtifacts.sbom(checks, facts);
        facts.put("instance", new RunningInstanceCheck(instance, timeout).check(checks, (String)
                        artifacts.get("applicationJarSha256")));
        facts.put("database", new DatabaseCheck(environment, propertyNames()).check(checks));
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
