package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.support.AnswerFixtures;
import org.springframework.boot.actuate.info.Info;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the validation module writes: the running jar's facts in {@code /actuator/info} (under the service's mapper
 * and Jackson's defaults), and the installation qualification's {@code iq-report.json} and {@code iq-report.md} for an
 * installation whose database and instance are not there, and for one whose instance runs from a jar. The report's
 * values that come from the machine (its host, user, Java, libraries, SBOM and timings) are replaced by "…" before the
 * comparison; every field, its place and every other value are compared as written.
 */
class ValidationAnswersTest {

    private static final JsonMapper SERVICE = AnswerFixtures.SERVICE;
    private static final JsonMapper DEFAULTS = AnswerFixtures.DEFAULTS;
    private static final Instant STARTED = Instant.parse("2026-11-20T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(STARTED.plusSeconds(5), ZoneOffset.UTC);
    private static final String ABC_SHA = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String SBOM_CHECK = "InstallationQualification.SBOM (CycloneDX)";

    @TempDir
    Path dir;

    @Verifies("URS-INT-260")
    @Test
    void theInfoEndpointShowsTheJarItsHashSizeAndTimesAndWhetherItChangedOnDisk() throws Exception {
        Path jar = jar();
        RunningArtifact running = new RunningArtifact(ServiceArtifact.read(jar, CLOCK));
        String unchanged = "{\"artifact\":{\"runningFrom\":\"jar\",\"path\":\"" + jar + "\",\"sha256\":\"" + ABC_SHA
                + "\",\"size\":3,\"modified\":\"2026-11-20T07:59:00Z\",\"hashedAt\":\"2026-11-20T08:00:05Z\","
                + "\"onDisk\":\"unchanged\"}}";

        assertThat(info(SERVICE, running)).isEqualTo(unchanged);
        assertThat(info(DEFAULTS, running)).isEqualTo(unchanged);

        Files.writeString(jar, "abcd");
        assertThat(info(SERVICE, running))
                .isEqualTo("{\"artifact\":{\"runningFrom\":\"jar\",\"path\":\"" + jar + "\",\"sha256\":\"" + ABC_SHA
                        + "\",\"size\":3,\"modified\":\"2026-11-20T07:59:00Z\",\"hashedAt\":\"2026-11-20T08:00:05Z\","
                        + "\"onDisk\":\"the jar " + jar + " changed size since start (3 → 4 bytes)\"}}");
    }

    @Verifies("URS-INT-260")
    @Test
    void withoutAJarTheInfoEndpointSaysOnlyThat() {
        RunningArtifact running = new RunningArtifact(new ServiceArtifact(null, null, 0, null, CLOCK.instant()));

        assertThat(info(SERVICE, running)).isEqualTo("{\"artifact\":{\"runningFrom\":\"class directories (no jar)\"}}");
        assertThat(info(DEFAULTS, running))
                .isEqualTo("{\"artifact\":{\"runningFrom\":\"class directories (no jar)\"}}");
    }

    @Verifies("URS-VAL-002")
    @Test
    void anInstallationWithoutItsDatabaseOrARunningInstanceIsReportedFieldByField() throws Exception {
        MockEnvironment environment = environment();
        Path out = dir.resolve("iq");

        InstallationQualification.Report report = new InstallationQualification(
                        environment,
                        CLOCK,
                        Duration.ofSeconds(2),
                        new InstallationQualification.Instance(URI.create("http://127.0.0.1:1"), null, ""))
                .run(out);

        assertThat(report.passed()).isFalse();
        assertThat(json(out))
                .isEqualTo("{\"report\":\"Qualigate installation qualification\",\"at\":\"2026-11-20T08:00:05Z\","
                        + "\"result\":\"FAILED\",\"checks\":[{\"name\":\"Java 21 or newer\",\"passed\":true,\"finding\":"
                        + "\"…\"},{\"name\":\"artifact hashes\",\"passed\":true,\"finding\":\"…\"},{\"name\":\"running"
                        + " instance's jar\",\"passed\":true,\"finding\":\"no instance answers at http://127.0.0.1:1/"
                        + " (ConnectException): nothing to compare; run the IQ again while the service runs\"},{\"name\":"
                        + "\"PostgreSQL reachable\",\"passed\":false,\"finding\":\"…\"},{\"name\":\"configuration"
                        + " checksum\",\"passed\":true,\"finding\":\"5 properties, SHA-256 "
                        + "490ab934dd393aa4f35658a0fdb13ca746028e045807ba076861411d504eb4d3 (secrets masked)\"},"
                        + "{\"name\":\"reach qualigate.qms.base-url\",\"passed\":false,\"finding\":\"…\"},{\"name\":"
                        + "\"reach SMTP 127.0.0.1:1\",\"passed\":false,\"finding\":\"…\"}],\"version\":\"unknown (not"
                        + " run from the packaged jar)\",\"ranBy\":\"…\",\"host\":\"…\",\"java\":{\"version\":\"…\","
                        + "\"vendor\":\"…\",\"vm\":\"…\",\"home\":\"…\"},\"artifacts\":{\"classDirectories\":[\"…\"],"
                        + "\"libraryCount\":0,\"librariesSha256\":{\"…\":\"…\"}},\"instance\":{\"url\":"
                        + "\"http://127.0.0.1:1/\",\"running\":false},\"database\":{\"url\":"
                        + "\"jdbc:postgresql://127.0.0.1:1/none\"},\"configuration\":{\"profiles\":[],\"sha256\":"
                        + "\"490ab934dd393aa4f35658a0fdb13ca746028e045807ba076861411d504eb4d3\",\"properties\":"
                        + "{\"qualigate.qms.base-url\":\"http://<masked>@127.0.0.1:1/qms\",\"spring.datasource.password\":"
                        + "\"<set, masked>\",\"spring.datasource.url\":\"jdbc:postgresql://127.0.0.1:1/none\","
                        + "\"spring.mail.host\":\"127.0.0.1\",\"spring.mail.port\":\"1\"}},\"connectivity\":[{\"system\":"
                        + "\"qualigate.qms.base-url\",\"address\":\"http://<masked>@127.0.0.1:1/qms\",\"reachable\":false,"
                        + "\"answer\":\"…\",\"millis\":0},{\"system\":\"spring.mail.host\",\"address\":\"127.0.0.1:1\","
                        + "\"reachable\":false,\"answer\":\"…\",\"millis\":0}]}");
        assertThat(markdown(out)).isEqualTo("""
                        # Qualigate — installation qualification

                        - Result: **FAILED**
                        - At: 2026-11-20T08:00:05Z (UTC)
                        - Run by: … on …
                        - Version: unknown (not run from the packaged jar)
                        - Running instance: http://127.0.0.1:1/ (not running)

                        | check | result | finding |
                        | --- | --- | --- |
                        | Java 21 or newer | pass | … |
                        | artifact hashes | pass | … |
                        | running instance's jar | pass | no instance answers at http://127.0.0.1:1/ (ConnectException): \
                        nothing to compare; run the IQ again while the service runs |
                        | PostgreSQL reachable | **FAIL** | … |
                        | configuration checksum | pass | 5 properties, SHA-256 \
                        490ab934dd393aa4f35658a0fdb13ca746028e045807ba076861411d504eb4d3 (secrets masked) |
                        | reach qualigate.qms.base-url | **FAIL** | … |
                        | reach SMTP 127.0.0.1:1 | **FAIL** | … |

                        ## Artifacts (SHA-256)


                        | library | SHA-256 |
                        | --- | --- |
                        | … | `…` |

                        The SBOM is `bom.json` beside this report; the full facts are in `iq-report.json`.
                        """);
    }

    @Verifies("URS-VAL-002")
    @Test
    void aRunningInstancesJarIsComparedWithTheFileOnDisk() throws Exception {
        Path jar = jar();
        HttpServer instance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        answer(instance, "/actuator/health", "{\"status\":\"UP\"}");
        answer(
                instance,
                "/actuator/info",
                "{\"build\":{\"version\":\"1.4.0\",\"time\":\"2026-11-19T17:00:00Z\"},\"artifact\":{\"runningFrom\":"
                        + "\"jar\",\"path\":\"" + jar + "\",\"sha256\":\"" + ABC_SHA + "\",\"onDisk\":\"unchanged\"}}");
        instance.start();
        String url = "http://127.0.0.1:" + instance.getAddress().getPort() + "/";
        Path out = dir.resolve("iq");
        try {
            new InstallationQualification(
                            environment(),
                            CLOCK,
                            Duration.ofSeconds(2),
                            new InstallationQualification.Instance(URI.create(url), "inspector", "secret"))
                    .run(out);
        } finally {
            instance.stop(0);
        }

        JsonNode report = SERVICE.readTree(json(out));
        assertThat(SERVICE.writeValueAsString(report.get("instance")))
                .isEqualTo("{\"url\":\"" + url + "\",\"running\":true,\"health\":\"200 {\\\"status\\\":\\\"UP\\\"}\","
                        + "\"version\":\"1.4.0\",\"buildTime\":\"2026-11-19T17:00:00Z\",\"runningFrom\":\"jar\",\"jar\":"
                        + "\"" + jar + "\",\"sha256AtStart\":\"" + ABC_SHA + "\",\"onDiskAsTheInstanceSeesIt\":"
                        + "\"unchanged\",\"sha256OnDisk\":\"" + ABC_SHA + "\"}");
        assertThat(SERVICE.writeValueAsString(report.get("checks").get(2)))
                .isEqualTo("{\"name\":\"running instance's jar unchanged on disk\",\"passed\":true,\"finding\":"
                        + "\"started from " + jar + " with SHA-256 " + ABC_SHA + "; on disk now: " + ABC_SHA + "\"}");
        assertThat(markdown(out).lines().filter(l -> l.startsWith("- Running instance:")))
                .containsExactly("- Running instance: " + url + ", version 1.4.0 built 2026-11-19T17:00:00Z, started"
                        + " from `" + jar + "` with SHA-256 `" + ABC_SHA + "`; on disk now `" + ABC_SHA + "`");
    }

    // ---- the fixtures

    private Path jar() throws Exception {
        Path jar = dir.resolve("qualigate.jar");
        Files.writeString(jar, "abc", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(jar, FileTime.from(STARTED.minusSeconds(60)));
        return jar;
    }

    /** No database, no instance, the QMS and the mail server configured where nothing answers. */
    private static MockEnvironment environment() {
        return new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/none")
                .withProperty("spring.datasource.password", "not-in-the-report")
                .withProperty("qualigate.qms.base-url", "http://user:not-in-the-report@127.0.0.1:1/qms")
                .withProperty("spring.mail.host", "127.0.0.1")
                .withProperty("spring.mail.port", "1");
    }

    private static void answer(HttpServer server, String path, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    private static String info(JsonMapper mapper, RunningArtifact running) {
        Info.Builder builder = new Info.Builder();
        running.contribute(builder);
        return mapper.writeValueAsString(builder.build().getDetails());
    }

    /** {@code iq-report.json}, its values that come from the machine replaced by "…" (the SBOM's left out). */
    private static String json(Path out) throws Exception {
        ObjectNode report = (ObjectNode) SERVICE.readTree(Files.readString(out.resolve("iq-report.json")));
        report.put("ranBy", "…").put("host", "…");
        ObjectNode java = (ObjectNode) report.get("java");
        java.propertyNames().forEach(name -> java.put(name, "…"));
        ObjectNode artifacts = (ObjectNode) report.get("artifacts");
        if (artifacts.has("classDirectories")) {
            artifacts.putArray("classDirectories").add("…");
        }
        artifacts.put("libraryCount", 0);
        artifacts.putObject("librariesSha256").put("…", "…");
        // the SBOM is packed by the build's CycloneDX plugin, not there in an offline build
        report.remove("sbom");
        var checks = report.withArray("checks");
        for (int i = checks.size() - 1; i >= 0; i--) {
            ObjectNode check = (ObjectNode) checks.get(i);
            String name = check.get("name").asString();
            if (name.equals(SBOM_CHECK)) {
                checks.remove(i);
            } else if (List.of("Java 21 or newer", "artifact hashes", "PostgreSQL reachable")
                            .contains(name)
                    || name.startsWith("reach ")) {
                check.put("finding", "…");
            }
        }
        for (JsonNode reach : report.get("connectivity")) {
            ((ObjectNode) reach).put("answer", "…").put("millis", 0);
        }
        return SERVICE.writeValueAsString(report);
    }

    private static final Pattern LIBRARY = Pattern.compile("\\| [^|]+ \\| `[0-9a-f]{64}` \\|");
    private static final Pattern MACHINE_FINDING = Pattern.compile(
            "(\\| (?:Java 21 or newer|artifact hashes|PostgreSQL reachable|reach [^|]+) \\| [^|]+ \\| ).*( \\|)");

    /** {@code iq-report.md}, its lines of the machine replaced by "…" (the SBOM's and the libraries' left out). */
    private static String markdown(Path out) throws Exception {
        String md = Files.readString(out.resolve("iq-report.md"));
        boolean libraries = false;
        StringBuilder normal = new StringBuilder();
        for (String line : md.lines().collect(Collectors.toList())) {
            if (line.startsWith("- Run by: ")) {
                line = "- Run by: … on …";
            } else if (line.startsWith("| " + SBOM_CHECK + " |") || line.startsWith("- `")) {
                continue;
            } else if (LIBRARY.matcher(line).matches()) {
                if (libraries) {
                    continue;
                }
                libraries = true;
                line = "| … | `…` |";
            } else {
                line = MACHINE_FINDING.matcher(line).replaceAll("$1…$2");
            }
            normal.append(line).append('\n');
        }
        return normal.toString();
    }
}
