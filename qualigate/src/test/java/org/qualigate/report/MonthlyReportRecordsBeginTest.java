package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.qualigate.support.PdfText;
import org.qualigate.validation.Verifies;

/**
 * The monthly report's count of role changes against when Qualigate's records begin (decision 0095): a month that
 * ended before them is not "0 granted, 0 revoked" but a month nothing is known of; the month in which they begin says
 * from when its counts are known; a later month states its counts bare.
 */
class MonthlyReportRecordsBeginTest {

    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");

    @Verifies("URS-REP-464")
    @Test
    void aMonthThatEndedBeforeTheRecordsBeginIsNotAMonthWithoutChanges() {
        String said = MonthlyReportFiles.roleChanges(period(Instant.parse("2027-01-04T08:12:00Z")), 0, 0);

        assertThat(said)
                .doesNotContain("0 granted")
                .isEqualTo("none known: Qualigate's records begin 2027-01-04 08:12 UTC, after this month ended, so "
                        + "nothing is known of it (it is not a month without changes)");
        assertThat(MonthlyReportFiles.roleChanges(period(TO), 0, 0)).startsWith("none known");
        assertThat(MonthlyReportFiles.roleChanges(period(null), 0, 0))
                .startsWith("none known: Qualigate's records had not begun");
    }

    @Verifies("URS-REP-465")
    @Test
    void theMonthInWhichTheRecordsBeginSaysFromWhenItsCountsAreKnownInItsPdf() {
        MonthlyReportFiles.Period begins = period(Instant.parse("2026-12-06T08:12:30Z"));

        String pdf = PdfText.of(MonthlyReportFiles.pdf(begins, TO, "system", List.of(), List.of()))
                .replaceAll("\\s+", " ");

        assertThat(pdf)
                .contains("Records begin 2026-12-06 08:12 UTC")
                .contains("0 granted, 0 revoked, counted from 2026-12-06 08:12 UTC, when Qualigate's records begin; "
                        + "nothing is known of the month before then")
                .doesNotContain("Nothing was known of this month");
        assertThat(MonthlyReportFiles.roleChanges(period(Instant.parse("2026-11-06T08:12:30Z")), 3, 1))
                .isEqualTo("3 granted, 1 revoked");
        assertThat(MonthlyReportFiles.roleChanges(period(FROM), 3, 1)).isEqualTo("3 granted, 1 revoked");
    }

    private static MonthlyReportFiles.Period period(@Nullable Instant recordsBegin) {
        return new MonthlyReportFiles.Period(DECEMBER, FROM, TO, recordsBegin);
    }
}
