package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.DEFAULTS;
import static org.qualigate.support.AnswerFixtures.SERVICE;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditVerification;
import org.qualigate.interfaces.InterfaceDocument;
import org.qualigate.interfaces.InterfaceState;
import org.qualigate.trace.TraceTimeline;
import org.qualigate.validation.Verifies;

/**
 * The audit trail's pages and verification, the interfaces' list and a trace's timeline written by the service's
 * mapper (and an entry by one with Jackson's defaults, as the inspection pack writes it): the JSON the maps before
 * the records wrote, kept here as text.
 */
class AuditInterfacesTracesViewsTest {

    private static AuditEntry entry(long seq) {
        return new AuditEntry(
                seq,
                AT,
                "user:qa",
                "qualification.recorded",
                "qualification",
                "E1/GMP-1",
                "E1",
                null,
                DEFAULTS.readTree("{\"code\":\"GMP-1\",\"expiresAt\":null,\"n\":3}"),
                "HRIS event",
                null,
                "00ab",
                "11cd",
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    private static AuditEntry withoutTrace(long seq) {
        return new AuditEntry(
                seq, AT, "system", "rules.changed", "rules", "v2", null, null, null, null, "c-1", "11cd", "22ef");
    }

    @Verifies("URS-INT-260")
    @Test
    void anEntryWritesEveryFieldInItsOrderAndItsNullsOnlyWhereTheMapperWritesNulls() {
        assertThat(SERVICE.writeValueAsString(AuditController.oldestFirst(List.of(entry(7), withoutTrace(8)), 6)))
                .isEqualTo(
                        "{\"entries\":[{\"seq\":7,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"user:qa\",\"action"
                                + "\":\"qualification.recorded\",\"entityType\":\"qualification\",\"entityId\":\"E1/GMP-1\",\"empl"
                                + "oyeeId\":\"E1\",\"new\":{\"code\":\"GMP-1\",\"expiresAt\":null,\"n\":3},\"reason\":\"HRIS event"
                                + "\",\"prevHash\":\"00ab\",\"hash\":\"11cd\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"},{"
                                + "\"seq\":8,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"system\",\"action\":\"rules.chang"
                                + "ed\",\"entityType\":\"rules\",\"entityId\":\"v2\",\"correlationId\":\"c-1\",\"prevHash\":\"11cd"
                                + "\",\"hash\":\"22ef\"}],\"nextAfterSeq\":8}");
        assertThat(DEFAULTS.writeValueAsString(List.of(entry(7), withoutTrace(8))))
                .isEqualTo(
                        "[{\"seq\":7,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"user:qa\",\"action\":\"qualific"
                                + "ation.recorded\",\"entityType\":\"qualification\",\"entityId\":\"E1/GMP-1\",\"employeeId\":\"E1"
                                + "\",\"old\":null,\"new\":{\"code\":\"GMP-1\",\"expiresAt\":null,\"n\":3},\"reason\":\"HRIS event"
                                + "\",\"correlationId\":null,\"prevHash\":\"00ab\",\"hash\":\"11cd\",\"traceId\":\"4bf92f3577b34da"
                                + "6a3ce929d0e0e4736\"},{\"seq\":8,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"system\",\""
                                + "action\":\"rules.changed\",\"entityType\":\"rules\",\"entityId\":\"v2\",\"employeeId\":null,\"o"
                                + "ld\":null,\"new\":null,\"reason\":null,\"correlationId\":\"c-1\",\"prevHash\":\"11cd\",\"hash\""
                                + ":\"22ef\",\"traceId\":null}]");
    }

    @Verifies("URS-INT-260")
    @Test
    void aPageNewestFirstNamesTheNextPageOnlyWhenItWasFull() {
        assertThat(SERVICE.writeValueAsString(AuditController.newestFirst(List.of(withoutTrace(8)), 1)))
                .isEqualTo(
                        "{\"entries\":[{\"seq\":8,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"system\",\"action"
                                + "\":\"rules.changed\",\"entityType\":\"rules\",\"entityId\":\"v2\",\"correlationId\":\"c-1\",\"p"
                                + "revHash\":\"11cd\",\"hash\":\"22ef\"}],\"order\":\"newest\",\"nextBefore\":8}");
        assertThat(SERVICE.writeValueAsString(AuditController.newestFirst(List.of(withoutTrace(8)), 2)))
                .isEqualTo(
                        "{\"entries\":[{\"seq\":8,\"occurredAt\":\"2026-12-07T08:00:00Z\",\"actor\":\"system\",\"action"
                                + "\":\"rules.changed\",\"entityType\":\"rules\",\"entityId\":\"v2\",\"correlationId\":\"c-1\",\"p"
                                + "revHash\":\"11cd\",\"hash\":\"22ef\"}],\"order\":\"newest\"}");
        assertThat(SERVICE.writeValueAsString(AuditController.oldestFirst(List.of(), 42)))
                .isEqualTo("{\"entries\":[],\"nextAfterSeq\":42}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aVerificationNamesTheBreakAndTheOldestUnsealedEntryOnlyWhenThereIsOne() {
        assertThat(SERVICE.writeValueAsString(
                        AuditController.verification(new AuditVerification(true, 120, null, null, 0, null))))
                .isEqualTo("{\"valid\":true,\"entries\":120,\"unsealed\":0}");
        assertThat(SERVICE.writeValueAsString(AuditController.verification(
                        new AuditVerification(false, 120, 57L, "hash mismatch at 57", 3, AT))))
                .isEqualTo(
                        "{\"valid\":false,\"entries\":120,\"firstBrokenSeq\":57,\"reason\":\"hash mismatch at 57\",\"uns"
                                + "ealed\":3,\"oldestUnsealedAt\":\"2026-12-07T08:00:00Z\"}");
        assertThat(DEFAULTS.writeValueAsString(
                        AuditController.verification(new AuditVerification(true, 120, null, null, 0, null))))
                .isEqualTo("{\"valid\":true,\"entries\":120,\"unsealed\":0}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anInterfaceShowsItsDocumentsFieldsThenItsStateThenWhereItsDocumentIs() {
        var document = new InterfaceDocument(
                "mes-roles",
                "MES roles",
                "MES",
                InterfaceDocument.Direction.OUTBOUND,
                "HTTPS",
                "https://mes.example/api",
                "OAuth 2.0 client credentials",
                "role assignments",
                "problem+json",
                "exponential",
                "dead letters",
                "QA on call",
                "99%",
                "IT",
                true,
                false,
                new InterfaceDocument.Watch(List.of("mes.assigned"), List.of("mes.failed"), null, null, null));
        assertThat(SERVICE.writeValueAsString(
                        InterfacesController.item(document, new InterfaceState(12, 1, 3L, 0L, null, "CLOSED", false))))
                .isEqualTo(
                        "{\"name\":\"mes-roles\",\"title\":\"MES roles\",\"system\":\"MES\",\"direction\":\"OUTBOUND\","
                                + "\"endpoint\":\"https://mes.example/api\",\"configured\":true,\"pausable\":false,\"state\":{\"ha"
                                + "ndledLastHour\":12,\"failedLastHour\":1,\"backlog\":3,\"deadLetters\":0,\"breaker\":\"CLOSED\","
                                + "\"paused\":false},\"icd\":\"/api/v1/interfaces/mes-roles/icd\"}");
        assertThat(DEFAULTS.writeValueAsString(
                        InterfacesController.item(document, new InterfaceState(0, 0, null, null, null, null, true))))
                .isEqualTo(
                        "{\"name\":\"mes-roles\",\"title\":\"MES roles\",\"system\":\"MES\",\"direction\":\"OUTBOUND\","
                                + "\"endpoint\":\"https://mes.example/api\",\"configured\":true,\"pausable\":false,\"state\":{\"ha"
                                + "ndledLastHour\":0,\"failedLastHour\":0,\"backlog\":null,\"deadLetters\":null,\"slaBreachesLastH"
                                + "our\":null,\"breaker\":null,\"paused\":true},\"icd\":\"/api/v1/interfaces/mes-roles/icd\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aTraceListsItsStepsWithTheirTimesAndCountsThem() {
        var call = new TraceTimeline.Row(
                AT, AT.plusMillis(250), TraceTimeline.Kind.CALL, "POST /roles", "00f067aa0ba902b7", "201", null);
        var audited = TraceTimeline.Row.audit(AT.plusSeconds(1), 9, "mes.assigned", "person E1");
        assertThat(SERVICE.writeValueAsString(
                        TracesController.body("4bf92f3577b34da6a3ce929d0e0e4736", List.of(call, audited))))
                .isEqualTo(
                        "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"steps\":[{\"kind\":\"call\",\"at\":\"2026-1"
                                + "2-07T08:00:00Z\",\"endedAt\":\"2026-12-07T08:00:00.250Z\",\"durationMs\":250,\"name\":\"POST /r"
                                + "oles\",\"subject\":\"00f067aa0ba902b7\",\"outcome\":\"201\"},{\"kind\":\"audit\",\"at\":\"2026-"
                                + "12-07T08:00:01Z\",\"name\":\"mes.assigned\",\"subject\":\"person E1\",\"auditSeq\":9}],\"count"
                                + "\":2}");
        assertThat(DEFAULTS.writeValueAsString(TracesController.view(audited)))
                .isEqualTo(
                        "{\"kind\":\"audit\",\"at\":\"2026-12-07T08:00:01Z\",\"endedAt\":null,\"durationMs\":null,\"name"
                                + "\":\"mes.assigned\",\"subject\":\"person E1\",\"outcome\":null,\"auditSeq\":9}");
    }
}
