package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.qualigate.support.QualigateIT;
import tools.jackson.databind.JsonNode;

/** The OQ's black-box checks in the build, against the service the test starts, and the OQ runner's report. */
class OperationalQualificationIT extends QualigateIT implements OqChecks {

    @Override
    public OqTarget target() {
        return new OqTarget(URI.create("http://127.0.0.1:" + port), USER, PASSWORD, "hris", SECRET, clock);
    }

    @Verifies("URS-VAL-003")
    @Test
    void theRunnerChecksAnInstanceOverHttpAndReportsWhoWhenWhatVersionAndTheAuditChain(@TempDir Path out)
            throws Exception {
        System.setProperty(RemoteOperationalQualification.BASE_URL, "http://127.0.0.1:" + port);
        System.setProperty(RemoteOperationalQualification.USER, USER);
        System.setProperty(RemoteOperationalQualification.PASSWORD, PASSWORD);
        System.setProperty(RemoteOperationalQualification.HOOK_SECRET, SECRET);
        // The runner signs webhooks with the real time, as against an installation: the service's clock must
        // agree for as long as it runs, and goes back to where the suite had it afterwards.
        java.time.Instant suiteTime = clock.instant();
        clock.set(java.time.Instant.now());
        boolean passed;
        try {
            passed = OqRunner.run(
                    new RemoteOperationalQualification(),
                    Path.of("../docs/validation/requirements.md"),
                    out,
                    null,
                    java.time.Clock.systemUTC());
        } finally {
            clock.set(suiteTime);
            System.clearProperty(RemoteOperationalQualification.BASE_URL);
            System.clearProperty(RemoteOperationalQualification.USER);
            System.clearProperty(RemoteOperationalQualification.PASSWORD);
            System.clearProperty(RemoteOperationalQualification.HOOK_SECRET);
        }

        JsonNode report = JSON.readTree(Files.readString(out.resolve("oq-report.json")));
        assertThat(report.get("checks").findValuesAsString("result"))
                .as(report.toString())
                .hasSize(TaggedTests.of(RemoteOperationalQualification.class).size())
                .containsOnly("passed");
        assertThat(passed).isTrue();
        assertThat(report.get("apiUser").asString()).isEqualTo(USER);
        assertThat(report.get("ranBy").asString()).isNotBlank();
        assertThat(report.get("auditChainValid").asBoolean()).isTrue();
        assertThat(report.get("instanceBuildTime").asString()).isNotBlank();
        assertThat(report.get("jarComparison").asString())
                .as("the build's instance runs from class directories")
                .contains("no jar to compare");
        assertThat(report.get("jarAgrees").asBoolean()).isTrue();
        assertThat(report.get("requirements").findValuesAsString("requirement"))
                .contains("URS-AUD-003", "URS-DEV-001", "URS-SEC-001");
        assertThat(Files.readString(out.resolve("oq-report.md")))
                .contains("Result: **PASSED**")
                .contains("Audit chain verification: valid")
                .doesNotContain(PASSWORD);
    }
}
