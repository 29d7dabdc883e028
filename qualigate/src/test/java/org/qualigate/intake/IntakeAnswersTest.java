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
        var pulled = HrisPulls.state(
                Rows.of(
                        "source",
                        "workday",
                        "state",
                        "OK",
                        "watermark",
                        AT,
                        "last_attempt_at",
                        LATER,
                        "last_success_at",
                        LATER,
                        "next_attempt_at",
                        LATER,
                        "last_error",
                        null,
                        "last_summary",
                        "{\"from\":\"2026-12-07T07:00:00Z\",\"through\":\"2026-12-07T08:00:00Z\","
                                + "\"pages\":1,\"counts\":{\"read\":2,\"applied\":2}}"),
                0);
        var fresh = HrisPulls.state(
                Rows.of(
                        "source",
                        "successfactors",
                        "state",
                        "NEW",
                        "watermark",
                        null,
                        "last_attempt_at",
                        null,
                        "last_success_at",
                        null,
                        "next_attempt_at",
                        AT,
                        "last_error",
                        "read refused",
                        "last_summary",
                        null),
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
        var finished = CsvImport.runView(
                Rows.of(
                        "id", ID,
                        "source", "csv",
                        "file_name", "upload.csv",
                        "sha256", "ab12",
                        "started_at", AT,
                        "finished_at", LATER,
                        "summary", "{\"read\":3,\"applied\":2,\"rejected\":1}"),
                0);
        var running = CsvImport.runView(
                Rows.of(
                        "id",
                        ID,
                        "source",
                        "csv",
                        "file_name",
                        "upload.csv",
                        "sha256",
                        "ab12",
                        "started_at",
                        AT,
                        "finished_at",
                        null,
                        "summary",
                        null),
                0);

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
        var decided = RemovalHold.of(
                Rows.of(
                        "id",
                        ID,
                        "source",
                        "workday",
                        "site",
                        "BSL",
                        "status",
                        "ACCEPTED",
                        "removing",
                        12,
                        "holding",
                        40,
                        "limit_percent",
                        20.0,
                        "first_seen_at",
                        AT,
                        "last_seen_at",
                        LATER,
                        "decided_at",
                        LATER,
                        "decided_by",
                        "user:qa",
                        "decision_reason",
                        "the site closed",
                        "candidates",
                        candidates),
                0);
        var held = RemovalHold.of(
                Rows.of(
                        "id",
                        ID,
                        "source",
                        "workday",
                        "site",
                        "BSL",
                        "status",
                        "HELD",
                        "removing",
                        12,
                        "holding",
                        40,
                        "limit_percent",
                        12.5,
                        "first_seen_at",
                        AT,
                        "last_seen_at",
                        AT,
                        "decided_at",
                        null,
                        "decided_by",
                        null,
                        "decision_reason",
                        null,
                        "candidates",
                        "[]"),
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
