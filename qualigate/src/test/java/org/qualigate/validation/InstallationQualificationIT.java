package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.support.QualigateIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.JsonNode;

/** The IQ against the embedded default: the shared embedded PostgreSQL, the sandbox as every configured system. */
class InstallationQualificationIT extends QualigateIT {

    private static final boolean SBOM_BUILT =
            InstallationQualificationIT.class.getClassLoader().getResource(InstallationQualification.SBOM) != null;

    @Autowired
    private ConfigurableEnvironment environment;

    @Verifies({"URS-VAL-002", "URS-SEC-003"})
    @Test
    void checksTheRunningInstallationAndWritesAReportWithoutASecretInIt(@TempDir Path out) throws Exception {
        InstallationQualification.Report report =
                new InstallationQualification(environment, clock, Duration.ofSeconds(5), thisInstance()).run(out);

        JsonNode json = JSON.readTree(Files.readString(out.resolve("iq-report.json")));
        assertThat(shape("", json))
                .as("every fact in the order written, with its JSON type (values of the machine vary)")
                .isEqualTo(SBOM_BUILT ? REPORT_SHAPE : REPORT_SHAPE.replaceAll("(?m)^\\.sbom.*\n", ""));
        assertThat(json.get("database").get("postgresql").asString()).startsWith("18.");
        assertThat(json.get("database").get("schema").get("version").asString()).isEqualTo(latestMigration());
        assertThat(json.get("database").get("schema").get("checksumsValid").asBoolean())
                .isTrue();
        assertThat(json.get("database").get("schema").get("applied").size()).isGreaterThanOrEqualTo(9);
        assertThat(json.get("java").get("version").asString()).isEqualTo(System.getProperty("java.version"));
        assertThat(json.get("artifacts").get("librariesSha256").properties())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.getValue().asString()).matches("[0-9a-f]{64}"));
        assertThat(json.get("configuration").get("sha256").asString()).matches("[0-9a-f]{64}");
        assertThat(json.get("instance").get("running").asBoolean()).isTrue();
        assertThat(json.get("instance").get("runningFrom").asString())
                .as("the build's instance runs from class directories, as does this IQ")
                .isEqualTo("class directories (no jar)");
        assertThat(json.get("configuration")
                        .get("properties")
                        .get("qualigate.sources.hris.secrets")
                        .asString())
                .isEqualTo("<set, masked>");
        assertThat(json.get("connectivity").findValuesAsString("system"))
                .contains(
                        "qualigate.targets.mes.base-url",
                        "qualigate.hris-directory.url",
                        "qualigate.qms.base-url",
                        "qualigate.workday.base-url",
                        "spring.mail.host");
        String everything =
                Files.readString(out.resolve("iq-report.json")) + Files.readString(out.resolve("iq-report.md"));
        assertThat(everything)
                .doesNotContain(SECRET)
                .doesNotContain("sandbox-scim-token")
                .doesNotContain(PASSWORD)
                .doesNotContain("sandbox-qms-secret");

        if (!SBOM_BUILT) {
            // An offline build (-o) skips the CycloneDX plugin: the IQ must say so, and fail nothing else.
            assertThat(report.checks())
                    .filteredOn(c -> !c.passed())
                    .extracting(InstallationQualification.Check::finding)
                    .containsExactly("META-INF/sbom/bom.json is not in the installation");
            return;
        }
        assertThat(report.checks())
                .as("every check of the embedded default passes")
                .allMatch(InstallationQualification.Check::passed);
        assertThat(json.get("result").asString()).isEqualTo("PASSED");
        assertThat(json.get("sbom").get("format").asString()).isEqualTo("CycloneDX 1.6");
        assertThat(json.get("sbom").get("components").asInt()).isGreaterThan(50);
        assertThat(out.resolve("bom.json")).exists();
        assertThat(Files.readString(out.resolve("iq-report.md"))).contains("Result: **PASSED**");
    }

    @Verifies("URS-VAL-002")
    @Test
    void theCommandChecksTheEmbeddedDefaultAndFailsNamingASystemItCannotReach(@TempDir Path out) throws Exception {
        int exit = InstallationQualificationCommand.run(new String[] {
            "--out",
            out.toString(),
            "--timeout",
            "PT2S",
            "--qualigate.embedded-postgres.data-directory=",
            "--qualigate.targets.mes.base-url=" + sandbox().scimBaseUri(),
            "--qualigate.qms.base-url=http://127.0.0.1:1/qms",
            "--instance",
            "http://127.0.0.1:" + port,
            "--user",
            USER,
            "--password",
            PASSWORD
        });

        assertThat(exit).isEqualTo(1);
        JsonNode json = JSON.readTree(Files.readString(out.resolve("iq-report.json")));
        assertThat(json.get("result").asString()).isEqualTo("FAILED");
        assertThat(json.get("database").get("schema").get("pending").asInt()).isZero();
        assertThat(json.get("checks"))
                .filteredOn(c -> !c.get("passed").asBoolean())
                .extracting(c -> c.get("name").asString())
                .contains("reach qualigate.qms.base-url")
                .allMatch(name -> name.equals("reach qualigate.qms.base-url") || !SBOM_BUILT);
        assertThat(InstallationQualificationCommand.run(new String[] {"--timeout", "soon"}))
                .isEqualTo(2);
    }

    /** The report's fields, one line per path in the order written with its type; keyed by data: "*". */
    private static final String REPORT_SHAPE = """
            $ object
            .report string
            .at string
            .result string
            .checks array
            .checks[] object
            .checks[].name string
            .checks[].passed boolean
            .checks[].finding string
            .version string
            .ranBy string
            .host string
            .java object
            .java.version string
            .java.vendor string
            .java.vm string
            .java.home string
            .artifacts object
            .artifacts.classDirectories array
            .artifacts.classDirectories[] string
            .artifacts.libraryCount number
            .artifacts.librariesSha256 object
            .artifacts.librariesSha256.* string
            .sbom object
            .sbom.format string
            .sbom.serialNumber string
            .sbom.components number
            .sbom.sha256 string
            .sbom.librariesNotInSbom array
            .sbom.librariesNotInSbom[] string
            .instance object
            .instance.url string
            .instance.running boolean
            .instance.health string
            .instance.version string
            .instance.buildTime string
            .instance.runningFrom string
            .database object
            .database.url string
            .database.postgresql string
            .database.postgresqlBuild string
            .database.user string
            .database.schema object
            .database.schema.version string
            .database.schema.description string
            .database.schema.pending number
            .database.schema.applied array
            .database.schema.applied[] object
            .database.schema.applied[].version string
            .database.schema.applied[].script string
            .database.schema.applied[].checksum number
            .database.schema.applied[].state string
            .database.schema.applied[].installedOn string
            .database.schema.checksumsValid boolean
            .database.schema.validationProblems array
            .configuration object
            .configuration.profiles array
            .configuration.sha256 string
            .configuration.properties object
            .configuration.properties.* string
            .connectivity array
            .connectivity[] object
            .connectivity[].system string
            .connectivity[].address string
            .connectivity[].reachable boolean
            .connectivity[].answer string
            .connectivity[].millis number
            """;

    private static String shape(String path, JsonNode node) {
        StringBuilder lines = new StringBuilder(path.isEmpty() ? "$" : path)
                .append(' ')
                .append(node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                .append('\n');
        if (node.isObject()) {
            boolean byData = path.endsWith(".librariesSha256") || path.endsWith(".properties");
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            for (var field : node.properties()) {
                String line = shape(path + "." + (byData ? "*" : field.getKey()), field.getValue());
                if (seen.add(line)) {
                    lines.append(line);
                }
            }
        } else if (node.isArray()) {
            java.util.Set<String> seen = new java.util.LinkedHashSet<>();
            for (JsonNode element : node) {
                seen.add(shape(path + "[]", element));
            }
            seen.forEach(lines::append);
        }
        return lines.toString();
    }

    private InstallationQualification.Instance thisInstance() {
        return new InstallationQualification.Instance(java.net.URI.create("http://127.0.0.1:" + port), USER, PASSWORD);
    }

    /**
     * The highest Flyway version shipped on the class path, as Flyway writes it ({@code V22_1__…} is {@code 22.1}):
     * what a complete installation reports.
     */
    private static String latestMigration() throws java.io.IOException {
        return java.util.Arrays.stream(new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                        .getResources("classpath:db/migration/V*__*.sql"))
                .map(r -> r.getFilename())
                .filter(java.util.Objects::nonNull)
                .map(n -> java.util.Arrays.stream(
                                n.substring(1, n.indexOf("__")).split("[._]"))
                        .map(Integer::valueOf)
                        .toList())
                .max((a, b) -> {
                    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                        int c = Integer.compare(a.get(i), b.get(i));
                        if (c != 0) {
                            return c;
                        }
                    }
                    return Integer.compare(a.size(), b.size());
                })
                .map(parts ->
                        String.join(".", parts.stream().map(String::valueOf).toList()))
                .orElseThrow();
    }
}
