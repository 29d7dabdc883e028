package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short fault suite as part of the build: target faults, kills at every crash point, a PostgreSQL
 * restart and bad webhooks, then no change lost, doubled or unexpected.
 */
class FaultSuiteIT {

    @Test
    void underFaultsNoChangeIsLostDuplicatedOrUnexpected() throws Exception {
        Path jar = Path.of(System.getProperty("faults.jar", "../qualigate/target/qualigate-0.1.0-SNAPSHOT.jar"));
        assumeTrue(
                Files.isRegularFile(jar),
                "the service jar " + jar.toAbsolutePath()
                        + " is missing: package the qualigate module first (./mvnw verify does)");
        Path work = Path.of(System.getProperty("faults.work", "target/faults-it"));

        FaultSuite.Result result = new FaultSuite(FaultSuite.Settings.SHORT, jar, work).run();

        String report = result.markdown("./mvnw verify (FaultSuiteIT, short form)");
        Files.writeString(work.resolve("results.md"), report);
        System.out.println(report);
        assertThat(result.check().lost()).as(report).isZero();
        assertThat(result.check().duplicated()).as(report).isZero();
        assertThat(result.check().unexpected()).as(report).isZero();
        assertThat(result.passed()).as(report).isTrue();
    }
}
