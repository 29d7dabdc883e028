package org.qualigate.connector.hris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisDirectory;
import org.qualigate.connector.TargetException;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SandboxOptions;
import org.qualigate.sandbox.Worker;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;

/** The generic JSON directory against a sandbox HRIS that requires a bearer token, with lines and terminations. */
class JsonHrisDirectoryIT {

    @Verifies({"URS-INT-058", "URS-INT-050"})
    @Test
    void aDirectoryThatRequiresATokenIsReadWithItAndRefusedWithoutNamingTheSetting() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.forTests())) {
            sandbox.hris()
                    .put(new Worker(
                            "E50001",
                            "Ida",
                            "Berg",
                            "ida.berg@plant.example",
                            "BSL",
                            null,
                            Worker.ACTIVE,
                            LocalDate.parse("2024-02-01"),
                            "Operator"));
            sandbox.hris().line("E50001", "BSL-FILL-1");
            sandbox.hris().terminate("E50001", LocalDate.parse("2026-11-30"), Instant.parse("2026-11-18T09:00:00Z"));
            sandbox.hris().requireToken("directory-token-7788");

            HrisDirectory.Worker read = new JsonHrisDirectory(
                            "hris",
                            sandbox.baseUri(),
                            Duration.ofSeconds(5),
                            "directory-token-7788",
                            Traces.CallRecorder.NONE)
                    .workers()
                    .getFirst();

            assertThat(read.line()).isEqualTo("BSL-FILL-1");
            assertThat(read.status()).isEqualTo("TERMINATED");
            assertThat(read.terminationDate()).isEqualTo(LocalDate.parse("2026-11-30"));
            assertThatThrownBy(() -> new JsonHrisDirectory(
                                    "hris", sandbox.baseUri(), Duration.ofSeconds(5), null, Traces.CallRecorder.NONE)
                            .workers())
                    .isInstanceOfSatisfying(
                            TargetException.class,
                            e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("qualigate.hris-directory.bearer-token");
        }
    }
}
