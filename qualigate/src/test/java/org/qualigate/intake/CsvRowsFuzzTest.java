package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;
import org.qualigate.validation.Verifies;

/** Fuzzing of the CSV import's row reader: any text gives rows in order, each readable or with its reason. */
class CsvRowsFuzzTest {

    @Verifies({"URS-INT-005", "URS-INT-015"})
    @FuzzTest(maxDuration = "10s")
    void anyTextGivesRowsInLineOrderEachReadableOrWithItsReason(@NotNull String text) {
        List<CsvRows.Row> rows = CsvRows.parse(text);

        int previous = 0;
        for (CsvRows.Row row : rows) {
            assertThat(row.line()).isGreaterThan(previous);
            previous = row.line();
            if (!row.readable()) {
                assertThat(row.error()).isNotBlank();
            }
        }
        assertThat(rows.size()).isLessThanOrEqualTo(text.length());
    }
}
