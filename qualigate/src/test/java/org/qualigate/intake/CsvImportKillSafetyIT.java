package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditTrail;
import org.qualigate.faults.CrashPoints;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.SimulatedCrash;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A CSV import that dies mid-file loses nothing: the run is on record before the first row, each row is
 * committed with its rejection and the counts so far, and importing the file again finishes the job without
 * a second effect. A cell with a control character is refused with its line and column, not cleaned.
 */
class CsvImportKillSafetyIT extends QualigateIT {

    @Autowired
    IntakeService intake;

    @Autowired
    CsvImport imports;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditTrail audit;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock serviceClock;

    @Verifies({"URS-DI-037", "URS-INT-005"})
    @Test
    void aProcessKilledMidFileKeepsEveryRowBeforeItWithItsRejectionAndAReimportFinishesTheJob() {
        String person = newPerson("BSL");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = "employeeId,certificationId,level,completedOn,sourceRecordId\n"
                + person + ",WD-CERT-1001,1,2026-11-10,KS-" + run + "-1\n"
                + person + ",WD-CERT-1002,one,2026-11-10,KS-" + run + "-2\n"
                + person + ",WD-CERT-6001,1,2026-11-10,KS-" + run + "-3\n"
                + person + ",WD-CERT-3010,1,2026-11-10,KS-" + run + "-4\n";
        byte[] file = csv.getBytes(StandardCharsets.UTF_8);
        CsvImport dying = new CsvImport(
                intake,
                jdbc,
                audit,
                tx,
                serviceClock,
                CrashPoints.armed(CrashPoints.Point.AFTER_IMPORT_ROW, 1, () -> {
                    throw new SimulatedCrash("after-import-row");
                }),
                2); // two rows per transaction: the process dies once the first group (lines 2 and 3) committed

        assertThatThrownBy(() -> dying.importFile("csv", "kill-" + run + ".csv", file, "user:hr-editor"))
                .isInstanceOf(SimulatedCrash.class);

        // the run is on record (unfinished), with both rows read before the crash and the rejection of line 3
        CsvImport.ImportRun started = imports.runs(500).stream()
                .filter(r -> r.fileName().equals("kill-" + run + ".csv"))
                .findFirst()
                .orElseThrow();
        assertThat(started.finishedAt()).isNull();
        assertThat(String.valueOf(started.summary())).contains("\"read\":2").contains("\"rejected\":1");
        List<CsvImport.Rejection> kept = imports.rejections(started.id());
        assertThat(kept).extracting(CsvImport.Rejection::line).containsExactly(3);
        assertThat(kept).extracting(CsvImport.Rejection::field).containsExactly("level");
        assertThat(events("KS-" + run + "-%")).isEqualTo(1);
        assertThat(auditEntries("entityType=import&entityId=" + started.id() + "&action=import.started"))
                .hasSize(1);

        // the same file again: the rows taken are duplicates, the rest are applied, nothing twice
        CsvImport.Run again = imports.importFile("csv", "kill-" + run + ".csv", file, "user:hr-editor");
        assertThat(again.counts())
                .containsEntry("read", 4)
                .containsEntry("duplicate_delivery", 2)
                .containsEntry("applied", 2);
        assertThat(events("KS-" + run + "-%")).isEqualTo(3);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM qualification_version v JOIN qualification q ON q.id = v.qualification_id WHERE q.source_record_id LIKE ?")
                        .param("KS-" + run + "-%")
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Verifies({"URS-DI-034", "URS-INT-005"})
    @Test
    void aCellWithANulOrAControlCharacterIsRefusedWithItsLineAndColumnAndTheOtherRowsGoOn() {
        String person = newPerson("BSL");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = "employeeId,certificationId,level,completedOn,sourceRecordId\n"
                + person + ",WD-CERT-1001,1,2026-11-10,NUL-" + run + "-1\u0000\n"
                + "\u0000" + person + ",WD-CERT-1002,1,2026-11-10,NUL-" + run + "-2\n"
                + person + ",WD-CERT-6001,1,2026-11-10,NUL-" + run + "-3\u0007\n"
                + person + ",WD-CERT-3010,1,2026-11-10,NUL-" + run + "-4\n";

        CsvImport.Run imported = imports.importFile(
                "csv", "nul-" + run + ".csv", csv.getBytes(StandardCharsets.UTF_8), "user:hr-editor");

        assertThat(imported.counts()).containsEntry("read", 4).containsEntry("applied", 1);
        assertThat(imported.rejections())
                .extracting(CsvImport.Rejection::line, CsvImport.Rejection::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, "sourceRecordId"),
                        org.assertj.core.groups.Tuple.tuple(3, "employeeId"),
                        org.assertj.core.groups.Tuple.tuple(4, "sourceRecordId"));
        assertThat(imported.rejections().getFirst().reason()).contains("U+0000").contains("refused");
        assertThat(imported.rejections().get(2).reason()).contains("U+0007");
        // each refused row is kept with its raw bytes for review; none reached the ledger in a cleaned form
        assertThat(imported.rejections())
                .allSatisfy(r -> assertThat(r.eventId()).isNotNull());
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM qualification_version v JOIN qualification q ON q.id = v.qualification_id WHERE q.source_record_id LIKE ?")
                        .param("NUL-" + run + "-%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private long events(String sourceRecordPattern) {
        return jdbc.sql("SELECT count(*) FROM inbound_event WHERE source_record_id LIKE ? AND outcome = 'APPLIED'")
                .param(sourceRecordPattern)
                .query(Long.class)
                .single();
    }
}
