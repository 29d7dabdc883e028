package org.qualigate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The row the benchmark's seeder writes for an entry (checked in by the benchmark's own test, {@code
 * AuditChainSeedTest}) is the row the sealer writes for the same content at the same place in the chain: the same
 * hash, and no hashed text stored (decision 0078).
 */
class SeededEntryTest {

    @Test
    void theSealerHashesTheSeededRowsContentAsTheSeederDid() throws Exception {
        String[] row = Files.readString(Path.of("../bench/src/test/resources/audit/seeded-entry.tsv"))
                .stripTrailing()
                .split("\t", -1);
        // COPY's columns: seq, occurred_at, actor, action, entity_type, entity_id, employee_id, old_value,
        // new_value, reason, correlation_id, prev_hash, hash, hashed_text
        assertThat(row).hasSize(14);
        long seq = Long.parseLong(row[0]);
        EntryContent content = new EntryContent(
                Instant.parse(row[1]), row[2], row[3], row[4], row[5], row[6], null, row[8], row[9], row[10]);
        assertThat(row[7]).isEqualTo("\\N");

        String text = AuditHash.canonical(seq, content, row[11]);

        assertThat(AuditHash.ofText(text)).isEqualTo(row[12]);
        assertThat(row[13]).isEqualTo("\\N");
    }
}
