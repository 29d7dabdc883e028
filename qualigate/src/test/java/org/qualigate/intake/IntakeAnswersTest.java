package org.qualigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.ID;
import static org.qualigate.support.AnswerFixtures.LATER;
import static org.qualigate.support.AnswerFixtures.SERVICE;
import static org.qualigate.support.AnswerFixtures.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.HrisSource;
import org.qualigate.support.Rows;
import org.qualigate.validation.Verifies;

/**
 * The intake's answers — a pulled source's state, a pull's summary, an import run, a hold of removals — written by
 * the service's mapper (values and contents {@code non_null}) and by one with Jackson's defaults: the same fields,
 * order, absences and number forms as the maps they replaced (each expected text below was written from the map
 * before the answer became a record).
 */
class IntakeAnswersTest {

    @Verifies("URS-INT-260")
    @Test
    void aPulledSourcesStateShowsItsLastRunAndLeavesOutWhatHasNotHappened() throws Exception {
        var pulledRow = Rows.row()
                .with("source", "workday")
                .with("state", "OK")
                .with("watermark", AT)
                .with("last_attempt_at", LATER)
                .with("last_success_at", LATER)
                .with("next_attempt_at", LATER)
                .with("last_error", null)
                .with(
                        "last_summary",
                        "{\"from\":\"2026-12-07T07:00:00Z\",\"through\":\"2026-12-07T08:00:00Z\","
                                + "\"pages\":1,\"counts\":{\"read\":2,\"applied\":2}}");
        var pulled = HrisPulls.state(pulledRow.resultSet(), 0);
        var fresh = HrisPulls.state(
                pulledRow
                        .with("source", "successfactors")
                        .with("state", "NEW")
                        .with("watermark", null)
                        .with("last_attempt_at", null)
                        .with("last_success_at", null)
                        .with("next_attempt_at", AT)
                        .with("last_error", "read refused")
                        .with("last_summary", null)
                        .resultSet(),
                0);

        assertThat(json(SERVICE, pulled))
                .isEqualTo(
                        "{\"source\":\"workday\",\"state\":\"OK\",\"watermark\":\"2026-12-07T08:00:00Z\",\"lastAttemptAt\":\"2026-12-07T08:00:01.250Z\",\"lastSuccessAt\":\"2026-12-07T08:00:01.250Z\",\"nextAttemptAt\":\"2026-12-07T08:00:01.250Z\",\"lastRun\":{\"from\":\"2026-12-07T07:00:00Z\",\"through\":\"2026-12-07T08:00:00Z\",\"pages\":1,\"counts\":{\"read\":2,\"applied\":2}}}");
        assertThat(json(SERVICE, fresh))
                .isEqualTo(
                        "{\"source\":\"successfactors\",\"state\":\"NEW\",\"nextAttemptAt\":\"2026-12-07T08:00:00Z\",\"lastError\":\"read refused\"}");
        assertThat(json(DEFAULTS, fresh))
                .isEqualTo(
                        "{\"source\":\"successfactors\",\"state\":\"NEW\",\"watermark\":null,\"lastAttemptAt\":null,\"lastSuccessAt\":null,\"nextAttemptAt\":\"2026-12-07T08:00:00Z\",\"lastError\":\"read refused\",\"lastRun\":null}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aPullsSummaryNamesUnmappedFieldsAndItsErrorOnlyWhenThereAreAny() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("applied", 2);
        counts.put("read", 3);
        counts.put("quarantined", 1);
        Map<String, Integer> unmapped = new TreeMap<>();
        unmapped.put("costCentre", 3);
        var window = new HrisSource.PullWindow(AT, LATER);
        var plain = new HrisPulls.Summary("workday", window, 2, counts, new TreeMap<>(), null);
        var full = new HrisPulls.Summary("workday", window, 1, counts, unmapped, "read refused: 503");

        assertThat(json(SERVICE, plain.view()))
                .isEqualTo(
                        "{\"from\":\"2026-12-07T08:00:00Z\",\"through\":\"2026-12-07T08:00:01.250Z\",\"pages\":2,\"counts\":{\"applied\":2,\"read\":3,\"quarantined\":1}}");
        assertThat(json(SERVICE, full.view()))
                .isEqualTo(
                        "{\"from\":\"2026-12-07T08:00:00Z\",\"through\":\"2026-12-07T08:00:01.250Z\",\"pages\":1,\"counts\":{\"applied\":2,\"read\":3,\"quarantined\":1},\"unmappedFields\":{\"costCentre\":3},\"error\":\"read refused: 503\"}");
        assertThat(json(DEFAULTS, plain.view()))
                .isEqualTo(
                        "{\"from\":\"2026-12-07T08:00:00Z\",\"through\":\"2026-12-07T08:00:01.250Z\",\"pages\":2,\"counts\":{\"applied\":2,\"read\":3,\"quarantined\":1}}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anImportRunShowsItsSummaryOnceFinished() throws Exception {
        var finishedRow = Rows.row()
                .with("id", ID)
                .with("source", "csv")
                .with("file_name", "upload.csv")
                .with("sha256", "ab12")
                .with("started_at", AT)
                .with("finished_at", LATER)
                .with("summary", "{\"read\":3,\"applied\":2,\"rejected\":1}");
        var finished = CsvImport.runView(finishedRow.resultSet(), 0);
        var running = CsvImport.runView(
                finishedRow.with("finished_at", null).with("summary", null).resultSet(), 0);

        assertThat(json(SERVICE, finished))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"csv\",\"fileName\":\"upload.csv\",\"sha256\":\"ab12\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":\"2026-12-07T08:00:01.250Z\",\"summary\":{\"read\":3,\"applied\":2,\"rejected\":1}}");
        assertThat(json(SERVICE, running))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"csv\",\"fileName\":\"upload.csv\",\"sha256\":\"ab12\",\"startedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(json(DEFAULTS, running))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"csv\",\"fileName\":\"upload.csv\",\"sha256\":\"ab12\",\"startedAt\":\"2026-12-07T08:00:00Z\",\"finishedAt\":null,\"summary\":null}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aHoldOfRemovalsListsItsRecordsAndItsDecisionOnceDecided() throws Exception {
        String candidates = "[{\"employeeId\":\"E1\",\"sourceRecordId\":\"R1\",\"certificationId\":\"C1\","
                + "\"completedOn\":\"2026-11-19\",\"code\":\"GMP-1\"}]";
        var decidedRow = Rows.row()
                .with("id", ID)
                .with("source", "workday")
                .with("site", "BSL")
                .with("status", "ACCEPTED")
                .with("removing", 12)
                .with("holding", 40)
                .with("limit_percent", 20.0)
                .with("first_seen_at", AT)
                .with("last_seen_at", LATER)
                .with("decided_at", LATER)
                .with("decided_by", "user:qa")
                .with("decision_reason", "the site closed")
                .with("candidates", candidates);
        var decided = RemovalHold.of(decidedRow.resultSet(), 0);
        var held = RemovalHold.of(
                decidedRow
                        .with("status", "HELD")
                        .with("limit_percent", 12.5)
                        .with("last_seen_at", AT)
                        .with("decided_at", null)
                        .with("decided_by", null)
                        .with("decision_reason", null)
                        .with("candidates", "[]")
                        .resultSet(),
                0);

        assertThat(json(SERVICE, decided))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"workday\",\"site\":\"BSL\",\"status\":\"ACCEPTED\",\"removing\":12,\"holding\":40,\"limitPercent\":20.0,\"firstSeenAt\":\"2026-12-07T08:00:00Z\",\"lastSeenAt\":\"2026-12-07T08:00:01.250Z\",\"decidedAt\":\"2026-12-07T08:00:01.250Z\",\"decidedBy\":\"user:qa\",\"decisionReason\":\"the site closed\",\"records\":[{\"employeeId\":\"E1\",\"sourceRecordId\":\"R1\",\"certificationId\":\"C1\",\"completedOn\":\"2026-11-19\"}]}");
        assertThat(json(SERVICE, held))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"workday\",\"site\":\"BSL\",\"status\":\"HELD\",\"removing\":12,\"holding\":40,\"limitPercent\":12.5,\"firstSeenAt\":\"2026-12-07T08:00:00Z\",\"lastSeenAt\":\"2026-12-07T08:00:00Z\",\"records\":[]}");
        assertThat(json(DEFAULTS, held))
                .isEqualTo(
                        "{\"id\":\"00000000-0000-0000-0000-000000000021\",\"source\":\"workday\",\"site\":\"BSL\",\"status\":\"HELD\",\"removing\":12,\"holding\":40,\"limitPercent\":12.5,\"firstSeenAt\":\"2026-12-07T08:00:00Z\",\"lastSeenAt\":\"2026-12-07T08:00:00Z\",\"decidedAt\":null,\"decidedBy\":null,\"decisionReason\":null,\"records\":[]}");
    }
}
