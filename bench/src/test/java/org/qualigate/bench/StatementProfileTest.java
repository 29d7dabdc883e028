package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementProfileTest {

    private static StatementProfile.Row row(String query, long calls, long rows, double millis, long walBytes) {
        return new StatementProfile.Row(query, calls, rows, millis, calls * 4, calls / 2, calls * 2, walBytes);
    }

    private final StatementProfile.Counts counts = new StatementProfile.Counts(
            "accepted webhook",
            200,
            List.of(
                    row("INSERT INTO inbound_event SELECT * FROM unnest($1)", 10, 200, 40.0, 120_000),
                    row("SELECT * FROM person WHERE id = ANY($1)", 10, 400, 5.0, 0),
                    row("UPDATE qualification SET version = $1 WHERE id = $2", 200, 200, 30.0, 80_000),
                    row("BEGIN", 10, 0, 0.1, 0),
                    row("COMMIT", 10, 0, 20.0, 400),
                    row("SET application_name = $1", 1, 0, 0.0, 0)),
            250_000);

    @Test
    void countsStatementsThatDidWorkAndLeavesTransactionControlOut() {
        assertThat(counts.statements()).isEqualTo(220);
        assertThat(counts.perUnit(counts.statements())).isEqualTo(1.1);
    }

    @Test
    void sumsRowsWalAndBlocksOverEveryStatementAndDividesByTheUnits() {
        assertThat(counts.rowsTouched()).isEqualTo(800);
        assertThat(counts.perUnit(counts.rowsTouched())).isEqualTo(4.0);
        assertThat(counts.walBytes()).isEqualTo(200_400);
        assertThat(counts.perUnit(counts.walBytes())).isEqualTo(1002.0);
        assertThat(counts.perUnit(counts.walLsnBytes())).isEqualTo(1250.0);
        assertThat(counts.walRecords()).isEqualTo(2 * 241);
        assertThat(counts.blocksDirtied()).isEqualTo(4 * 241);
        assertThat(counts.blocksWritten()).isEqualTo(5 + 5 + 100 + 5 + 5);
    }

    @Test
    void ranksByCallsThenTimeAndByTimeWithoutTransactionControl() {
        assertThat(counts.topByCalls(2))
                .extracting(StatementProfile.Row::query)
                .containsExactly(
                        "UPDATE qualification SET version = $1 WHERE id = $2",
                        "INSERT INTO inbound_event SELECT * FROM unnest($1)");
        assertThat(counts.topByTime(5))
                .extracting(StatementProfile.Row::query)
                .containsExactly(
                        "INSERT INTO inbound_event SELECT * FROM unnest($1)",
                        "UPDATE qualification SET version = $1 WHERE id = $2",
                        "SELECT * FROM person WHERE id = ANY($1)");
    }

    @Test
    void nothingCountedIsZeroPerUnitAndNegativeUnitsAreRefused() {
        StatementProfile.Counts none = new StatementProfile.Counts("delivered role", 0, List.of(), 0);
        assertThat(none.perUnit(none.statements())).isZero();
        assertThat(none.markdown("per role delivered", 5)).contains("| delivered role | 0 | 0 | 0 | 0 |");
        assertThatThrownBy(() -> new StatementProfile.Counts("x", -1, List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheTotalsPerUnitAndEachStatementOnOneMarkdownLine() {
        String md = counts.markdown("per accepted webhook", 2);
        assertThat(md).contains("| accepted webhook | 1.10 | 4 | 1,002 | 1,250 | 2.41 | 4.82 | 0.60 |");
        assertThat(md).contains("| `UPDATE qualification SET version = $1 WHERE id = $2` | 1 | 1 | 400 | 32 % |");
        assertThat(md).doesNotContain("| `BEGIN`").doesNotContain("| `COMMIT`");
    }

    @Test
    void shortensAStatementToOneSafeLine() {
        assertThat(StatementProfile.shorten("SELECT a\n   FROM t WHERE x = '|' "))
                .isEqualTo("SELECT a FROM t WHERE x = '¦'");
        assertThat(StatementProfile.shorten("SELECT `x`")).isEqualTo("SELECT 'x'");
        assertThat(StatementProfile.shorten("SELECT " + "x, ".repeat(100)))
                .hasSize(160)
                .endsWith("...");
    }
}
