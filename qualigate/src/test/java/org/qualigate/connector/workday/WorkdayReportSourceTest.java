package org.qualigate.connector.workday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.SourceRecord;
import org.qualigate.connector.TargetException;
import org.qualigate.validation.Verifies;

/** The RaaS training-completions report on recorded JSON samples. */
class WorkdayReportSourceTest {

    private static final String REPORT = """
            {"Report_Entry": [
              {"Employee_ID": "E10023", "Worker": "Anna Keller", "Learning_Record_ID": "TR-100234",
               "Course_ID": "WD-CERT-1001", "Course_Title": "GMP fundamentals", "Completion_Status": "Completed",
               "Completion_Date": "2026-11-12-08:00", "Expiration_Date": "2027-11-12-08:00",
               "Proficiency_Level": "2", "Approved_By": "TC-0042", "Approved_On": "2026-11-12T09:00:00.000-08:00",
               "Last_Updated": "2026-11-12T09:30:00.000-08:00"},
              {"Employee_ID": "E10024", "Course_ID": "WD-CERT-1002", "Completion_Date": "2026-11-11"}
            ]}""";

    @Verifies("URS-INT-003")
    @Test
    void readsEachEntryWithTheDayItNames() {
        List<SourceRecord> records = WorkdayReportSource.entries(bytes(REPORT), 7);
        SourceRecord.CertificationFields f = records.get(0).fields();
        assertThat(f.employeeId()).isEqualTo("E10023");
        assertThat(f.certificationId()).isEqualTo("WD-CERT-1001");
        assertThat(f.completedOn()).isEqualTo("2026-11-12");
        assertThat(f.expiresOn()).isEqualTo("2027-11-12");
        assertThat(f.level()).isEqualTo(2);
        assertThat(f.approvedAt()).isEqualTo("2026-11-12T17:00:00Z");
        assertThat(f.sourceVersion())
                .isEqualTo(Instant.parse("2026-11-12T17:30:00Z").toEpochMilli());
        assertThat(records.get(0).key()).isEqualTo("TR-100234@" + f.sourceVersion());

        // optional columns missing: composite id, the window's end as version
        SourceRecord.CertificationFields minimal = records.get(1).fields();
        assertThat(minimal.sourceRecordId()).isEqualTo("E10024/WD-CERT-1002/2026-11-11");
        assertThat(minimal.sourceVersion()).isEqualTo(7);
        assertThat(minimal.level()).isNull();
    }

    @Verifies("URS-INT-003")
    @Test
    void aRetypedColumnIsDrift() {
        String retyped = REPORT.replace("\"Completion_Date\": \"2026-11-11\"", "\"Completion_Date\": 20261111");
        SourceRecord r = WorkdayReportSource.entries(bytes(retyped), 7).get(1);
        assertThat(r.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.SCHEMA_DRIFT);
        assertThat(r.problem().field()).isEqualTo("Completion_Date");
        assertThat(r.problem().reason()).isEqualTo("Completion_Date: expected text, got number");
    }

    @Verifies("URS-INT-003")
    @Test
    void aColumnTheReportAuthorAddedIsRecordedNotQuarantined() {
        String extended = REPORT.replace("\"Worker\": \"Anna Keller\",", "\"Worker\": \"Anna Keller\", \"Grade\": 4,");
        WorkdayReportSource.Entries entries = WorkdayReportSource.entries(bytes(extended), 7, WorkdayReport.DEFAULT);
        assertThat(entries.records().get(0).problem()).isNull();
        assertThat(entries.records().get(0).fields().certificationId()).isNotBlank();
        assertThat(entries.unmapped()).containsEntry("Grade", 1);
    }

    @Verifies("URS-INT-003")
    @Test
    void anEntryThatIsNotACompletionIsKeptWithItsReason() {
        String inProgress = REPORT.replace("\"Completed\"", "\"In Progress\"");
        SourceRecord r = WorkdayReportSource.entries(bytes(inProgress), 7).get(0);
        assertThat(r.problem().kind()).isEqualTo(SourceRecord.Problem.Kind.MALFORMED);
        assertThat(r.problem().field()).isEqualTo("Completion_Status");
    }

    @Verifies({"URS-INT-003", "URS-INT-015"})
    @Test
    void aReportWithoutReportEntryFailsRatherThanLookingEmpty() {
        assertThat(WorkdayReportSource.entries(bytes("{}"), 1)).isEmpty();
        assertThatThrownBy(() -> WorkdayReportSource.entries(bytes("{\"Entries\": []}"), 1))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("Report_Entry");
        assertThatThrownBy(() -> WorkdayReportSource.entries(bytes("{\"Report_Entry\": [ "), 1))
                .isInstanceOfSatisfying(
                        TargetException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
