package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/** The manual-entry export is read line by line; an unreadable one is refused with the line it starts on. */
class ParallelRunExportCsvTest {

    @Verifies("URS-DI-006")
    @Test
    void anUnterminatedQuoteIsRefusedNamingTheLineItStartsOn() {
        assertThatThrownBy(
                        () -> ParallelRunExport.Csv.parse(
                                "employee_id,course_code,completion_date\nE1,GMP,2026-08-01\nE2,\"GMP,2026-08-02\nE3,GMP,2026-08-03\n"))
                .isInstanceOf(ParallelRunExport.Csv.Unreadable.class)
                .hasMessage("line 3 has a quoted field that is never closed");
    }

    @Verifies("URS-DI-006")
    @Test
    void textAfterAClosingQuoteIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> ParallelRunExport.Csv.parse("a,b\n\"x\"y,2\n"))
                .isInstanceOf(ParallelRunExport.Csv.Unreadable.class)
                .hasMessageStartingWith("line 2 is not valid CSV");
    }

    @Verifies("URS-DI-006")
    @Test
    void anEmptyLineIsARowOfOneEmptyFieldSoRowsKeepTheirNumbers() {
        List<String[]> rows = ParallelRunExport.Csv.parse("a,b\n\n1,2\n");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("");
        assertThat(rows.get(2)).containsExactly("1", "2");
    }
}
