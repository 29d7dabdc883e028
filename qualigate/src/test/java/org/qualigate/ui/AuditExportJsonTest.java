package org.qualigate.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.support.AnswerFixtures.AT;
import static org.qualigate.support.AnswerFixtures.LATER;
import static org.qualigate.support.AnswerFixtures.SERVICE;
import static org.qualigate.support.AnswerFixtures.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditVerification;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;

/** The audit trail's JSON export keeps its bytes, whatever builds it. */
class AuditExportJsonTest {

    private static final JsonNode NEW = SERVICE.readTree("{\"state\":\"OK\"}");

    private static AuditEntry entry(long seq) {
        return new AuditEntry(
                seq,
                AT,
                "qa.lead",
                "change-set.approved",
                "change-set",
                "7",
                seq == 1 ? "E-100" : null,
                null,
                NEW,
                "approved",
                null,
                "prev-" + seq,
                "hash-" + seq,
                null);
    }

    @Verifies("URS-INT-260")
    @Test
    void anExportOfTwoEntriesWithASignatureKeepsItsBytes() {
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("changeSet", 7L);
        signed.put("title", "Map SAP 42 to GMP-1");
        Object export = AuditJsonExport.of(
                List.of(entry(1), entry(2)),
                "action change-set.approved",
                LATER,
                "auditor",
                new AuditVerification(false, 2, 2L, "hash mismatch", 1, AT),
                List.of(signed));

        assertThat(json(SERVICE, export)).isEqualTo("""
                {"exportedAt":"2026-12-07T08:00:01.250Z","exportedBy":"auditor","filter":"action change-set.approved","complete":true,"chain":{"valid":false,"entries":2,"firstBrokenSeq":2,"reason":"hash mismatch","unsealed":1,"oldestUnsealedAt":"2026-12-07T08:00:00Z"},"signatures":[{"changeSet":7,"title":"Map SAP 42 to GMP-1"}],"entries":[{"seq":1,"occurredAt":"2026-12-07T08:00:00Z","actor":"qa.lead","action":"change-set.approved","entityType":"change-set","entityId":"7","employeeId":"E-100","new":{"state":"OK"},"reason":"approved","prevHash":"prev-1","hash":"hash-1"},{"seq":2,"occurredAt":"2026-12-07T08:00:00Z","actor":"qa.lead","action":"change-set.approved","entityType":"change-set","entityId":"7","new":{"state":"OK"},"reason":"approved","prevHash":"prev-2","hash":"hash-2"}]}""");
    }

    @Verifies("URS-INT-260")
    @Test
    void anExportCutAtItsLimitSaysSoBeforeTheChain() {
        List<AuditEntry> entries = new ArrayList<>();
        for (long seq = 1; seq <= 10_000; seq++) {
            entries.add(entry(seq));
        }
        Object export = AuditJsonExport.of(
                entries, "all", LATER, "auditor", new AuditVerification(true, 10_000, null, null, 0, null), List.of());

        String text = json(SERVICE, export);
        assertThat(text.substring(0, text.indexOf(",\"entries\""))).isEqualTo("""
                {"exportedAt":"2026-12-07T08:00:01.250Z","exportedBy":"auditor","filter":"all","complete":false,"note":"(only the first 10000 matching entries: narrow the period to export the rest)","chain":{"valid":true""");
    }
}
