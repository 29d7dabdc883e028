package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

class TrainingParallelRunCsvTest {

    @Verifies("URS-DI-006")
    @Test
    void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() {
        List<String[]> rows = ParallelRunExport.Csv.parse(
                "employee_id,course_code,completion_date\r\nE1,\"TW, \"\"A\"\"\",2026-08-01\n\"E2\",\"x\ny\",2026-08-02");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1)).containsExactly("E1", "TW, \"A\"", "2026-08-01");
        assertThat(rows.get(2)).containsExactly("E2", "x\ny", "2026-08-02");
    }

    @Verifies("URS-DI-006")
    @Test
    void skipsAByteOrderMarkAndKeepsAnEmptyLastField() {
        List<String[]> rows = ParallelRunExport.Csv.parse("\uFEFFa,b\n1,");
        assertThat(rows.get(0)).containsExactly("a", "b");
        assertThat(rows.get(1)).containsExactly("1", "");
    }

    @Test
    void neutralisesSpreadsheetFormulasAndQuotesWhatNeedsIt() {
        assertThat(TrainingCsv.write(
                        List.of("a", "b", "c", "d"),
                        List.of(Arrays.asList("=HYPERLINK(\"x\")", "a, b", null, "plain"))))
                .isEqualTo("a,b,c,d\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a, b\",,plain\r\n");
    }

    @Test
    void writesAnAbsentOrEmptyFirstValueAsNothing() {
        assertThat(TrainingCsv.write(List.of("a", "b"), List.of(Arrays.asList(null, "x"), Arrays.asList("", "y"))))
                .isEqualTo("a,b\r\n,x\r\n,y\r\n");
    }
}
