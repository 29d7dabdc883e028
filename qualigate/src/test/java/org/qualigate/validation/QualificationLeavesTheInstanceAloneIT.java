package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.support.ServiceFromJar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The validation guide's IQ and OQ, run as a validation lead runs them, against a demo-like instance started
 * from the jar the build just packaged in this checkout — the jar a rebuild would write. The OQ compiles its
 * checks beside that jar and never writes it; afterwards the jar has the same hash and modification time and
 * the instance still serves.
 */
class QualificationLeavesTheInstanceAloneIT {

    /** The demo profile's HRIS webhook secret and auditor (demonstration only). */
    private static final String DEMO_SECRET = "whsec_cXVhbGlnYXRlLWRlbW8taHJpcy1zZWNyZXQtMDAwMDAx";

    private static final String AUDITOR = "auditor";
    private static final String AUDITOR_PASSWORD = "auditor-demo-2026";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Sandbox sandbox;

    @BeforeAll
    static void simulators() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
    }

    @AfterAll
    static void stopSimulators() {
        sandbox.close();
    }

    @Verifies({"URS-VAL-040", "URS-VAL-041", "URS-VAL-002", "URS-VAL-003"})
    @Test
    void theGuidesIqAndOqAgainstAnInstanceRunningFromTheCheckoutsJarPassAndLeaveItServing(@TempDir Path work)
            throws Exception {
        Path jar = ServiceFromJar.packagedJar();
        String shaBefore = ServiceArtifact.sha256(jar);
        FileTime modifiedBefore = Files.getLastModifiedTime(jar);
        List<String> demo = List.of(
                "--spring.profiles.active=demo",
                "--qualigate.demo.sandbox-port=" + sandbox.baseUri().getPort(),
                "--qualigate.demo.smtp-port=" + ServiceFromJar.freePort());

        try (ServiceFromJar service = ServiceFromJar.start(jar, work.resolve("service"), demo)) {
            service.awaitReady(Duration.ofMinutes(3));

            // docs/validation/README.md, section 3: the IQ from the installed jar, told where the instance runs
            List<String> iq = new ArrayList<>(List.of(ServiceFromJar.java(), "-jar", jar.toString(), "iq"));
            iq.addAll(demo);
            iq.addAll(List.of(
                    "--server.port=" + service.port(),
                    "--qualigate.embedded-postgres.data-directory=" + service.postgresDirectory(),
                    "--user",
                    AUDITOR,
                    "--out",
                    work.resolve("iq").toString()));
            int iqExit = run(iq, work.resolve("iq.log"), List.of("QUALIGATE_IQ_PASSWORD=" + AUDITOR_PASSWORD), 5);

            JsonNode iqReport = JSON.readTree(Files.readString(work.resolve("iq/iq-report.json")));
            JsonNode instance = iqReport.get("instance");
            assertThat(instance.get("jar").asString()).isEqualTo(jar.toString());
            assertThat(instance.get("sha256AtStart").asString()).isEqualTo(shaBefore);
            assertThat(instance.get("sha256OnDisk").asString()).isEqualTo(shaBefore);
            assertThat(instance.get("sameAsQualifiedJar").asBoolean()).isTrue();
            List<String> failed = new ArrayList<>();
            iqReport.get("checks").forEach(c -> {
                if (!c.get("passed").asBoolean()) {
                    failed.add(
                            c.get("name").asString() + ": " + c.get("finding").asString());
                }
            });
            if (hasSbom(jar)) {
                assertThat(failed).as(Files.readString(work.resolve("iq.log"))).isEmpty();
                assertThat(iqExit).isZero();
            } else {
                // an offline build (-o) packs no SBOM: that one check fails, as InstallationQualificationIT says
                assertThat(failed).singleElement().asString().startsWith("SBOM");
            }

            // section 4: the OQ, building its checks first (not --no-build)
            int oqExit = run(
                    List.of(
                            "bash",
                            "qualigate-oq",
                            "--base-url",
                            service.baseUri().toString(),
                            "--user",
                            AUDITOR,
                            "--out",
                            work.resolve("oq").toString()),
                    work.resolve("oq.log"),
                    List.of(
                            "QUALIGATE_OQ_PASSWORD=" + AUDITOR_PASSWORD,
                            "QUALIGATE_OQ_HOOK_SECRET=" + DEMO_SECRET,
                            "JAVA_HOME=" + System.getProperty("java.home")),
                    20);

            assertThat(oqExit).as(Files.readString(work.resolve("oq.log"))).isZero();
            JsonNode oqReport = JSON.readTree(Files.readString(work.resolve("oq/oq-report.json")));
            assertThat(oqReport.get("result").asString()).isEqualTo("PASSED");
            assertThat(oqReport.get("instanceJar").asString()).isEqualTo(jar.toString());
            assertThat(oqReport.get("instanceJarSha256").asString()).isEqualTo(shaBefore);
            assertThat(oqReport.get("instanceBuildTime").asString())
                    .isNotBlank()
                    .isNotEqualTo("not reported");
            assertThat(oqReport.get("jarAgrees").asBoolean()).isTrue();

            // the jar the instance runs from is untouched, and the instance still serves
            assertThat(ServiceArtifact.sha256(jar)).isEqualTo(shaBefore);
            assertThat(Files.getLastModifiedTime(jar)).isEqualTo(modifiedBefore);
            assertThat(service.alive()).isTrue();
            HttpResponse<String> ready = service.getAnonymously("/actuator/health/readiness", Duration.ofSeconds(30));
            assertThat(ready).as(service.tail()).isNotNull();
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            for (String path : List.of("/api/v1/rules", "/api/v1/audit?limit=5", "/api/v1/review/events")) {
                HttpResponse<String> answer = service.get(path, AUDITOR, AUDITOR_PASSWORD, Duration.ofSeconds(30));
                assertThat(answer).as(path + " answered; " + service.tail()).isNotNull();
                assertThat(answer.statusCode()).as(path).isEqualTo(200);
            }
        }
        assertThat(ServiceArtifact.sha256(jar)).isEqualTo(shaBefore);

        // Stopped politely, the instance finished its last work (the audit sealer's final pass) while its
        // embedded database was still running, instead of waiting for a connection to a database gone under it
        String stopped = Files.readString(work.resolve("service").resolve("service.log"));
        assertThat(stopped)
                .doesNotContain("could not seal the last audit entries while stopping")
                .doesNotContain("This connection has been closed");
    }

    /** Runs a command in the checkout, its output in {@code log}, and answers its exit code. */
    private static int run(List<String> command, Path log, List<String> environment, int minutes)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ServiceFromJar.checkout().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        for (String e : environment) {
            String[] kv = e.split("=", 2);
            builder.environment().put(kv[0], kv[1]);
        }
        Process p = builder.start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            throw new IllegalStateException(command + " did not end within " + minutes + " min; see " + log);
        }
        return p.exitValue();
    }

    private static boolean hasSbom(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(InstallationQualification.SBOM) != null
                    || zip.getEntry("BOOT-INF/classes/" + InstallationQualification.SBOM) != null;
        }
    }
}
