package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The CAPA list and the quality events set aside, written by the service's mapper (values and contents
 * {@code non_null}): the same fields, order, absences and number and text forms as the maps they replaced (whose
 * JSON is the expected text here).
 */
class QualityListsJsonTest {

    private static final Instant AT = Instant.parse("2026-12-07T08:00:00.123456Z");

    @Test
    void aCapaShowsItsDueDateAsADayAndLeavesOutWhatItHasNot() {
        QualityView.CapaView full = capa(
                "CAPA-2026-000001",
                "BSL",
                LocalDate.parse("2026-12-20"),
                "Opened",
                "QA-1",
                AT,
                "503 from the QMS",
                "REMINDER,ESCALATED");
        QualityView.CapaView bare = capa("CAPA-2026-000002", null, null, "Opened", null, null, null, null);

        assertThat(SERVICE.writeValueAsString(List.of(full, bare)))
                .isEqualTo(
                        "[{\"name\":\"CAPA-2026-000001\",\"site\":\"BSL\",\"dueDate\":\"2026-12-20\",\"status\":\"Opened"
                                + "\",\"task\":\"QA-1\",\"nextCheckAt\":\"2026-12-07T08:00:00.123456Z\",\"lastError\":\"503 fro"
                                + "m the QMS\",\"steps\":[\"REMINDER\",\"ESCALATED\"]},{\"name\":\"CAPA-2026-000002\",\"status\""
                                + ":\"Opened\",\"steps\":[]}]");
    }

    @Test
    void anEventSetAsideShowsItsSchemaVersionAsANumberAndLeavesOutWhatItHasNot() {
        QualityView.SetAsideEvent rejected = setAside(
                UUID.fromString("00000000-0000-0000-0000-000000000007"),
                "qms-quality",
                "nonconformance.updated",
                3,
                "REJECTED",
                "data.batch",
                "must not be blank",
                AT);
        QualityView.SetAsideEvent unread = setAside(
                UUID.fromString("00000000-0000-0000-0000-000000000008"),
                "qms-quality",
                null,
                null,
                "KEPT",
                null,
                null,
                AT);

        assertThat(SERVICE.writeValueAsString(List.of(rejected, unread)))
                .isEqualTo("[{\"eventId\":\"00000000-0000-0000-0000-000000000007\",\"source\":\"qms-quality\",\"type\""
                        + ":\"nonconformance.updated\",\"schemaVersion\":3,\"outcome\":\"REJECTED\",\"field\":\"data.b"
                        + "atch\",\"reason\":\"must not be blank\",\"receivedAt\":\"2026-12-07T08:00:00.123456Z\"},{"
                        + "\"eventId\":\"00000000-0000-0000-0000-000000000008\",\"source\":\"qms-quality\",\"outcome"
                        + "\":\"KEPT\",\"receivedAt\":\"2026-12-07T08:00:00.123456Z\"}]");
    }

    // as Capas.list reads them from its row
    private static QualityView.CapaView capa(
            String name,
            String site,
            LocalDate due,
            String status,
            String task,
            Instant nextCheck,
            String lastError,
            String steps) {
        return new QualityView.CapaView(
                name,
                site,
                due == null ? null : due.toString(),
                status,
                task,
                nextCheck,
                lastError,
                steps == null ? List.of() : List.of(steps.split(",")));
    }

    // as Nonconformances.setAside reads them from its row
    private static QualityView.SetAsideEvent setAside(
            UUID id,
            String source,
            String type,
            Integer schemaVersion,
            String outcome,
            String field,
            String reason,
            Instant received) {
        return new QualityView.SetAsideEvent(
                id.toString(), source, type, schemaVersion, outcome, field, reason, received);
    }
}
