package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's seeder writes an entry as the row in {@code audit/seeded-entry.tsv}; the service's own test
 * ({@code org.qualigate.audit.SeededEntryTest}) shows that the sealer hashes and stores that row's content to the
 * same hash and hashed text, so the million entries verified are the rows the service writes.
 */
class AuditChainSeedTest {

    @Test
    void theSeederWritesAnEntryAsTheRowTheSealersTestChecks() throws Exception {
        String expected = Files.readString(Path.of("src/test/resources/audit/seeded-entry.tsv"));

        assertThat(AuditChainSeed.row(7, "ab".repeat(32))).isEqualTo(expected);
    }
}
