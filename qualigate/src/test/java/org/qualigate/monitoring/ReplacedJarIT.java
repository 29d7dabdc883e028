package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.support.ServiceFromJar;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real service process whose jar is rewritten or truncated under it, as a rebuild in the checkout it
 * runs from would do: readiness (and the overall health) turn DOWN (503) within a minute — a health page that
 * cannot load what its answer needs says DOWN too —, other requests that need a class not loaded yet are
 * answered 500 problem+json instead of hanging, and the IQ says the running instance's jar no longer matches
 * the file on disk.
 */
class ReplacedJarIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER = "inspector";
    private static final String PASSWORD = "inspector-test-password";
    private static final List<String> ARGUMENTS = List.of(
            "--qualigate.security.users[0].username=" + USER,
            "--qualigate.security.users[0].password={noop}" + PASSWORD,
            "--qualigate.security.users[0].roles[0]=AUDITOR",
            "--qualigate.monitoring.request-path.interval=PT2S");

    @Verifies({"URS-BCP-040", "URS-BCP-041", "URS-VAL-041"})
    @Test
    void aJarRewrittenInPlaceByAnotherBuildTurnsReadinessDownAndRequestsAreStillAnswered(@TempDir Path work)
            throws Exception {
        Path packaged = ServiceFromJar.packagedJar();
        // what the build's repackaging leaves beside the jar: another build of the same module
        Path otherBuild = packaged.resolveSibling(packaged.getFileName() + ".original");
        assertThat(otherBuild).as("the plain jar spring-boot:repackage keeps").isRegularFile();

        breakUnderARunningInstance(work, jar -> {
            try (OutputStream out = Files.newOutputStream(jar, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.copy(otherBuild, out);
            }
        });
    }

    @Verifies({"URS-BCP-040", "URS-BCP-041"})
    @Test
    void aTruncatedJarTurnsReadinessDownAndRequestsAreStillAnswered(@TempDir Path work) throws Exception {
        breakUnderARunningInstance(work, jar -> {
            try (var channel = java.nio.channels.FileChannel.open(jar, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        });
    }

    interface Breakage {
        void apply(Path jar) throws IOException;
    }

    private static void breakUnderARunningInstance(Path work, Breakage breakage) throws Exception {
        Path jar = work.resolve("qualigate.jar");
        Files.copy(ServiceFromJar.packagedJar(), jar);
        try (ServiceFromJar service = ServiceFromJar.start(jar, work.resolve("service"), ARGUMENTS)) {
            service.awaitReady(Duration.ofMinutes(3));
            // as an operator (or the OQ) would have, before the jar changed
            assertThat(status(service.get("/api/v1/rules", USER, PASSWORD, Duration.ofSeconds(30))))
                    .isEqualTo(200);
            JsonNode info = JSON.readTree(service.get("/actuator/info", USER, PASSWORD, Duration.ofSeconds(30))
                    .body());
            assertThat(info.get("artifact").get("path").asString()).isEqualTo(jar.toString());
            assertThat(info.get("artifact").get("onDisk").asString()).isEqualTo("unchanged");

            breakage.apply(jar);

            // readiness and the overall health answer, and say DOWN (503) within a minute
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> {
                        HttpResponse<String> ready =
                                service.getAnonymously("/actuator/health/readiness", Duration.ofSeconds(10));
                        assertThat(ready).as("readiness answered").isNotNull();
                        assertThat(ready.statusCode())
                                .as(ready.body() + "; " + service.tail())
                                .isEqualTo(503);
                        assertThat(ready.body()).contains("\"DOWN\"");
                    });
            HttpResponse<String> health = service.getAnonymously("/actuator/health", Duration.ofSeconds(10));
            assertThat(status(health)).isEqualTo(503);
            HttpResponse<String> detailed =
                    service.get("/actuator/health/readiness", USER, PASSWORD, Duration.ofSeconds(10));
            assertThat(status(detailed)).isEqualTo(503);
            JsonNode components = JSON.readTree(detailed.body()).get("components");
            if (components != null) {
                assertThat(components.get("artifact").get("status").asString()).isEqualTo("DOWN");
                assertThat(components
                                .get("artifact")
                                .get("details")
                                .get("reason")
                                .asString())
                        .contains(jar.toString());
            } else {
                // The details need classes that were never loaded before the jar changed: the page still says
                // DOWN, and the log says why (which of the two answers comes depends on what ran before).
                assertThat(detailed.body()).isEqualTo("{\"status\":\"DOWN\"}");
                assertThat(Files.readString(service.log()))
                        .contains("GET /actuator/health/readiness could not be handled; answered 503");
            }

            // a request whose classes were never loaded (the OpenAPI document) is answered, as a problem
            HttpResponse<String> docs = service.get("/v3/api-docs", USER, PASSWORD, Duration.ofSeconds(30));
            assertThat(docs).as("answered, not left hanging; " + service.tail()).isNotNull();
            assertThat(docs.statusCode()).isEqualTo(500);
            assertThat(docs.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
            assertThat(JSON.readTree(docs.body()).get("title").asString()).isEqualTo("Internal error");
            assertThat(Files.readString(service.log())).contains("GET /v3/api-docs could not be handled");
            assertThat(service.alive()).isTrue();

            assertThatTheIqFindsTheJarChanged(service, work);
        }
    }

    /** The IQ, run from the intact packaged jar, fails the running instance's jar against the file on disk. */
    private static void assertThatTheIqFindsTheJarChanged(ServiceFromJar service, Path work) throws Exception {
        List<String> iq = new ArrayList<>(List.of(
                ServiceFromJar.java(),
                "-jar",
                ServiceFromJar.packagedJar().toString(),
                "iq",
                "--out",
                work.resolve("iq").toString(),
                "--instance",
                service.baseUri().toString(),
                "--user",
                USER,
                "--qualigate.embedded-postgres.data-directory=" + service.postgresDirectory()));
        ProcessBuilder builder = new ProcessBuilder(iq)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("iq.log").toFile());
        builder.environment().put("QUALIGATE_IQ_PASSWORD", PASSWORD);
        Process p = builder.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(p.exitValue()).isEqualTo(1);
        JsonNode report = JSON.readTree(Files.readString(work.resolve("iq/iq-report.json")));
        List<String> failed = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (!c.get("passed").asBoolean()) {
                failed.add(c.get("name").asString());
            }
        });
        assertThat(failed).as(report.toString()).anyMatch(name -> name.startsWith("running instance's jar"));
    }

    private static int status(HttpResponse<String> answer) {
        return answer == null ? -1 : answer.statusCode();
    }
}
