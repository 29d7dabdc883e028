package org.qualigate.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.ID;
import static org.qualigate.support.AnswerFixtures.LATER;
import static org.qualigate.support.AnswerFixtures.SERVICE;
import static org.qualigate.support.AnswerFixtures.json;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.support.Rows;
import org.qualigate.validation.Verifies;

/**
 * The QMS sync's run, observation and review answers written by the service's mapper (values and contents {@code
 * non_null}) and by one with Jackson's defaults: the same fields, order, absences and number forms as the maps they
 * replaced (each expected text below was written from the map before the answer became a record).
 */
class TrainingRunAnswersTest {

    @Verifies("URS-INT-260")
    @Test
    void aParallelRunShowsItsPeriodItsSummaryAndItsLinesInOrder() {
        Map<TrainingParallelRun.Classification, Long> by = new EnumMap<>(TrainingParallelRun.Classification.class);
        for (TrainingParallelRun.Classification c : TrainingParallelRun.Classification.values()) {
            by.put(c, 0L);
        }
        by.put(TrainingParallelRun.Classification.MATCH, 1L);
        by.put(TrainingParallelRun.Classification.MANUAL_ERROR, 1L);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("lines", 2);
        summary.put("manualRecords", 2);
        summary.put("qualigateRecords", 1);
        summary.put("byClassification", by);
        summary.put("discrepancies", 1L);
        summary.put("agreementPercent", new BigDecimal("50.00"));
        summary.put("accuracyPercent", new BigDecimal("100.00"));
        var report = new TrainingParallelRun.Report(
                ID,
                "BSL",
                AT,
                LATER,
                "user:qa",
                AT,
                "ab12",
                summary,
                List.of(
                        new TrainingParallelRun.Line(
                                "E1",
                                "GMP-1",
                                TrainingParallelRun.Classification.MATCH,
                                "2026-12-01 Complete",
                                "2026-12-01 Complete",
                                "both sides agree"),
                        new TrainingParallelRun.Line(
                                "E2",
                                "GMP-1",
                                TrainingParallelRun.Classification.MANUAL_ERROR,
                                null,
                                "2026-12-02 Complete",
                                "missing in the export")));

        assertThat(json(SERVICE, report))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"from\":\"2026-12-07T08:00:00Z\",\"to\":\"2026-12-07T08:00:01.250Z\",\"uploadedBy\":\"user:qa\",\"uploadedAt\":\"2026-12-07T08:00:00Z\",\"exportSha256\":\"ab12\",\"summary\":{\"lines\":2,\"manualRecords\":2,\"qualigateRecords\":1,\"byClassification\":{\"MATCH\":1,\"TIME_ZONE\":0,\"AUTHORITY\":0,\"MANUAL_ERROR\":1,\"UNMAPPED_CODE\":0,\"LATE_ARRIVAL\":0},\"discrepancies\":1,\"agreementPercent\":50.00,\"accuracyPercent\":100.00},\"lines\":[{\"employeeId\":\"E1\",\"courseCode\":\"GMP-1\",\"classification\":\"MATCH\",\"manual\":\"2026-12-01 Complete\",\"qualigate\":\"2026-12-01 Complete\",\"reason\":\"both sides agree\"},{\"employeeId\":\"E2\",\"courseCode\":\"GMP-1\",\"classification\":\"MANUAL_ERROR\",\"qualigate\":\"2026-12-02 Complete\",\"reason\":\"missing in the export\"}]}");
        assertThat(json(DEFAULTS, report))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"from\":\"2026-12-07T08:00:00Z\",\"to\":\"2026-12-07T08:00:01.250Z\",\"uploadedBy\":\"user:qa\",\"uploadedAt\":\"2026-12-07T08:00:00Z\",\"exportSha256\":\"ab12\",\"summary\":{\"lines\":2,\"manualRecords\":2,\"qualigateRecords\":1,\"byClassification\":{\"MATCH\":1,\"TIME_ZONE\":0,\"AUTHORITY\":0,\"MANUAL_ERROR\":1,\"UNMAPPED_CODE\":0,\"LATE_ARRIVAL\":0},\"discrepancies\":1,\"agreementPercent\":50.00,\"accuracyPercent\":100.00},\"lines\":[{\"employeeId\":\"E1\",\"courseCode\":\"GMP-1\",\"classification\":\"MATCH\",\"manual\":\"2026-12-01 Complete\",\"qualigate\":\"2026-12-01 Complete\",\"reason\":\"both sides agree\"},{\"employeeId\":\"E2\",\"courseCode\":\"GMP-1\",\"classification\":\"MANUAL_ERROR\",\"manual\":null,\"qualigate\":\"2026-12-02 Complete\",\"reason\":\"missing in the export\"}]}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aReconciliationRunLeavesOutItsCountsAndErrorUntilItHasThem() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("persons", 3);
        counts.put("matched", 5);
        var finished = new TrainingReconciliation.Run(
                ID, "BSL", TrainingReconciliation.Trigger.ON_DEMAND, "user:qa", AT, LATER, counts, null);
        var running = new TrainingReconciliation.Run(
                ID, "BSL", TrainingReconciliation.Trigger.SCHEDULED, "system:reconciliation", AT, null, null, null);
        var failed = new TrainingReconciliation.Run(
                ID, "BSL", TrainingReconciliation.Trigger.SCHEDULED, "system:reconciliation", AT, LATER, null, "down");

        assertThat(json(SERVICE, finished))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"ON_DEMAND\",\"requestedBy\":\"user:qa\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":\"2026-12-07T08:00:01.250Z\",\"counts\":{\"persons\":3,\"matched\":5}}");
        assertThat(json(SERVICE, running))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"SCHEDULED\",\"requestedBy\":\"system:reconciliation\",\"startedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(json(SERVICE, failed))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"SCHEDULED\",\"requestedBy\":\"system:reconciliation\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":\"2026-12-07T08:00:01.250Z\",\"error\":\"down\"}");
        assertThat(json(DEFAULTS, running))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"site\":\"BSL\",\"trigger\":\"SCHEDULED\",\"requestedBy\":\"system:reconciliation\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":null,\"counts\":null,\"error\":null}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anObservationShowsWhatTheQmsHoldsOnlyWhenItHoldsTheRecord() throws Exception {
        var updateRow = Rows.row()
                .with("employee_id", "E1")
                .with("external_id", "QG-HRIS-1")
                .with("action", "UPDATE")
                .with(
                        "current",
                        "{\"id\":\"Q1\",\"completedOn\":\"2026-12-01\",\"expiresOn\":null,\"status\":\"COMPLETE\"}")
                .with("would_write", "{\"completedOn\":\"2026-12-02\",\"count\":2,\"share\":1.5}")
                .with("observed_at", LATER);
        var update = TrainingObservations.observation(updateRow.resultSet(), 0);
        var create = TrainingObservations.observation(
                updateRow
                        .with("employee_id", "E2")
                        .with("external_id", "QG-HRIS-2")
                        .with("action", "CREATE")
                        .with("current", null)
                        .with("would_write", "{\"completedOn\":\"2026-12-02\"}")
                        .with("observed_at", AT)
                        .resultSet(),
                0);

        assertThat(json(SERVICE, update))
                .isEqualTo(
                        "{\"employeeId\":\"E1\",\"externalId\":\"QG-HRIS-1\",\"action\":\"UPDATE\",\"current\":{\"id\":\"Q1\",\"completedOn\":\"2026-12-01\",\"status\":\"COMPLETE\"},\"wouldWrite\":{\"completedOn\":\"2026-12-02\",\"count\":2,\"share\":1.5},\"observedAt\":\"2026-12-07T08:00:01.250Z\"}");
        assertThat(json(SERVICE, create))
                .isEqualTo(
                        "{\"employeeId\":\"E2\",\"externalId\":\"QG-HRIS-2\",\"action\":\"CREATE\",\"wouldWrite\":{\"completedOn\":\"2026-12-02\"},\"observedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(json(DEFAULTS, create))
                .isEqualTo(
                        "{\"employeeId\":\"E2\",\"externalId\":\"QG-HRIS-2\",\"action\":\"CREATE\",\"current\":null,\"wouldWrite\":{\"completedOn\":\"2026-12-02\"},\"observedAt\":\"2026-12-07T08:00:00Z\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aReviewEntryListsItsFieldsAndLeavesOutWhatDidNotHappen() throws Exception {
        var releasedRow = Rows.row()
                .with("id", ID)
                .with("kind", "REJECTED")
                .with("employee_id", "E1")
                .with("external_id", "QG-HRIS-1")
                .with("course_code", "GMP-1")
                .with("code", "WD-GMP-1")
                .with("error_code", "INVALID_DATE")
                .with("message", "completion date in the future")
                .with("fields", "completedOn,expiresOn")
                .with("qms_record_id", "Q1")
                .with("recorded_at", AT)
                .with("released_at", LATER)
                .with("released_by", "user:qa")
                .with("replayed_at", LATER)
                .with("replayed_by", "user:qa");
        var released = TrainingReviews.entry(releasedRow.resultSet(), 0);
        var failed = TrainingReviews.entry(
                releasedRow
                        .with("kind", "FAILED")
                        .with("employee_id", "E2")
                        .with("external_id", null)
                        .with("course_code", null)
                        .with("code", null)
                        .with("error_code", null)
                        .with("message", "gave up")
                        .with("fields", null)
                        .with("qms_record_id", null)
                        .with("released_at", null)
                        .with("released_by", null)
                        .with("replayed_at", null)
                        .with("replayed_by", null)
                        .resultSet(),
                0);

        assertThat(json(SERVICE, released))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"kind\":\"REJECTED\",\"employeeId\":\"E1\",\"externalId\":\"QG-HRIS-1\",\"courseCode\":\"GMP-1\",\"code\":\"WD-GMP-1\",\"errorCode\":\"INVALID_DATE\",\"message\":\"completion date in the future\",\"fields\":[\"completedOn\",\"expiresOn\"],\"qmsRecordId\":\"Q1\",\"recordedAt\":\"2026-12-07T08:00:00Z\",\"releasedAt\":\"2026-12-07T08:00:01.250Z\",\"releasedBy\":\"user:qa\",\"replayedAt\":\"2026-12-07T08:00:01.250Z\",\"replayedBy\":\"user:qa\"}");
        assertThat(json(SERVICE, failed))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"kind\":\"FAILED\",\"employeeId\":\"E2\",\"message\":\"gave up\",\"fields\":[],\"recordedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(json(DEFAULTS, failed))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"kind\":\"FAILED\",\"employeeId\":\"E2\",\"externalId\":null,\"courseCode\":null,\"code\":null,\"errorCode\":null,\"message\":\"gave up\",\"fields\":[],\"qmsRecordId\":null,\"recordedAt\":\"2026-12-07T08:00:00Z\",\"releasedAt\":null,\"releasedBy\":null,\"replayedAt\":null,\"replayedBy\":null}");
    }
}
