package org.qualigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import tools.jackson.databind.json.JsonMapper;

/** The report module's CSV downloads, byte for byte: a file read again, or its hash, must not change. */
class CsvExportsTest {

    private static final Instant AT = Instant.parse("2026-11-20T09:15:30Z");

    @Test
    void theAuditExportQuotesJsonValuesAndLeavesHashesBare() {
        var json = JsonMapper.builder().build();
        AuditEntry entry = new AuditEntry(
                7,
                AT,
                "qa.lead",
                "override.granted",
                "override",
                "+41",
                null,
                null,
                json.readTree("{\"role\":\"OPERATOR\",\"hours\":8}"),
                "line one\nline two",
                "@corr",
                "00ab",
                "11cd");

        assertThat(AuditExport.csv(List.of(entry)))
                .isEqualTo(
                        "seq,occurred_at,actor,action,entity_type,entity_id,employee_id,old,new,reason,"
                                + "correlation_id,prev_hash,hash\n"
                                + "7,2026-11-20T09:15:30Z,qa.lead,override.granted,override,'+41,,,"
                                + "\"{\"\"role\"\":\"\"OPERATOR\"\",\"\"hours\"\":8}\",\"line one\nline two\",'@corr,00ab,11cd\n");
    }

    @Test
    void theMonthlyReportWritesTheSequenceBareAndEveryOtherCellAsACell() {
        MonthlyReports.RoleChange change = new MonthlyReports.RoleChange(
                12,
                AT,
                "E1001",
                "Muster, Max",
                "gained",
                "OPERATOR",
                "mes",
                "CERT-1 (level 1)",
                "2026-11-19T08:00:00Z",
                "2026-11-19",
                "HR-\"7\"",
                "TC-7",
                "=1+1");

        assertThat(MonthlyReportFiles.csv(List.of(change)))
                .isEqualTo("audit_seq,at,employee_id,name,change,role,target,certification,completed_at,hr_record,"
                        + "approved_by,why,completed_on\n"
                        + "12,2026-11-20T09:15:30Z,E1001,\"Muster, Max\",gained,OPERATOR,mes,CERT-1 (level 1),"
                        + "2026-11-19T08:00:00Z,\"HR-\"\"7\"\"\",TC-7,'=1+1,2026-11-19\n");
    }

    @Test
    void aCellIsQuotedOnlyForACommaQuoteOrLineBreakAndAFormulaIsNeutralised() {
        StringBuilder out = new StringBuilder();
        Csv.lines(out).line("plain", "", null, "a,b", "-1", "=a,b", "cr\rhere", 7L);
        Csv.crlfLines(out).line("x", "q\"").line("", null, "y");

        assertThat(out).hasToString("plain,,,\"a,b\",'-1,\"'=a,b\",\"cr\rhere\",7\nx,\"q\"\"\"\r\n,,y\r\n");
    }
}
