package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;

/**
 * The file import's reader: each row with the line it starts on, a bad row refused with its reason while the rows
 * after it are still read, blank lines not rows.
 */
class CsvRowsTest {

    @Verifies("URS-INT-005")
    @Test
    void eachRowCarriesTheLineItStartsOnAcrossQuotedLineBreaks() {
        List<CsvRows.Row> rows = CsvRows.parse("a,b\n\"one\ntwo\",c\nd,e\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2, 4);
        assertThat(rows.get(1).fields()).containsExactly("one\ntwo", "c");
        assertThat(rows.get(1).text()).isEqualTo("\"one\ntwo\",c");
        assertThat(rows).allMatch(CsvRows.Row::readable);
    }

    @Test
    void aByteOrderMarkCrlfAndQuotedCommasAndQuotesReadAsValues() {
        List<CsvRows.Row> rows = CsvRows.parse("\uFEFFid,name\r\n7,\"Muster, \"\"Max\"\"\"\r\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2);
        assertThat(rows.get(0).fields()).containsExactly("id", "name");
        assertThat(rows.get(1).fields()).containsExactly("7", "Muster, \"Max\"");
        assertThat(rows.get(1).text()).isEqualTo("7,\"Muster, \"\"Max\"\"\"");
    }

    @Test
    void blankLinesAreNotRowsAndDoNotMoveTheLinesOfTheOthers() {
        List<CsvRows.Row> rows = CsvRows.parse("h\n\n   \n\"\"\nk\r\nl\rm,\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 5, 6, 7);
        assertThat(rows.get(3).fields()).containsExactly("m", "");
    }

    @Verifies("URS-INT-015")
    @Test
    void aQuoteInsideAnUnquotedFieldRefusesThatRowOnly() {
        List<CsvRows.Row> rows = CsvRows.parse("a,b\nx\"y,z\nc, \"d\"\ne,f\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2, 3, 4);
        assertThat(rows)
                .extracting(CsvRows.Row::error)
                .containsExactly(null, "a quote inside an unquoted field", "a quote inside an unquoted field", null);
        assertThat(rows.get(1).text()).isEqualTo("x\"y,z");
        assertThat(rows.get(3).fields()).containsExactly("e", "f");
    }

    @Verifies("URS-INT-015")
    @Test
    void textAfterAClosingQuoteRefusesThatRowOnly() {
        List<CsvRows.Row> rows = CsvRows.parse("a,b\n\"x\"y,z\n\"c\" ,d\ne,f\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2, 3, 4);
        assertThat(rows)
                .extracting(CsvRows.Row::error)
                .containsExactly(null, "text after a closing quote", "text after a closing quote", null);
        assertThat(rows.get(2).text()).isEqualTo("\"c\" ,d");
        assertThat(rows.get(3).readable()).isTrue();
    }

    @Verifies("URS-INT-015")
    @Test
    void aQuotedFieldNeverClosedIsRefusedWithTheLineItStartsOn() {
        List<CsvRows.Row> rows = CsvRows.parse("a,b\nc,d\ne,\"open\nmore\nx,y\n");

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1, 2, 3);
        assertThat(rows.get(1).readable()).isTrue();
        assertThat(rows.get(2).error()).isEqualTo("a quoted field is not closed");
        assertThat(rows.get(2).text()).isEqualTo("e,\"open\nmore\nx,y");
    }

    @Test
    void aQuoteDoubledAtTheEndOfAnUnclosedFieldIsStillUnclosed() {
        assertThat(CsvRows.parse("a\n\"x\"\"").get(1).error()).isEqualTo("a quoted field is not closed");
        assertThat(CsvRows.parse("a\n\"x\"\"\"").get(1).readable()).isTrue();
    }

    @Test
    void anEmptyTextHasNoRows() {
        assertThat(CsvRows.parse("")).isEmpty();
        assertThat(CsvRows.parse("\uFEFF")).isEmpty();
        assertThat(CsvRows.parse("\n\n")).isEmpty();
    }
}
