package org.qualigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditVerification;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail as an inspector takes it away: CSV with every field and both hashes, or a PDF that states
 * the filter, the chain's verification at the time of export and each entry with its old and new values.
 */
public final class AuditExport {

    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    private AuditExport() {}

    public static String csv(List<AuditEntry> entries) {
        StringBuilder out = new StringBuilder();
        Csv.Lines csv = Csv.lines(out)
                .header("seq,occurred_at,actor,action,entity_type,entity_id,employee_id,old,new,reason,"
                        + "correlation_id,prev_hash,hash");
        for (AuditEntry e : entries) {
            csv.line(
                    e.seq(),
                    e.occurredAt(),
                    e.actor(),
                    e.action(),
                    e.entityType(),
                    e.entityId(),
                    e.employeeId(),
                    json(e.oldValue()),
                    json(e.newValue()),
                    e.reason(),
                    e.correlationId(),
                    e.prevHash(),
                    e.hash());
        }
        return out.toString();
    }

    public static byte[] pdf(
            List<AuditEntry> entries,
            String filter,
            AuditVerification chain,
            Instant now,
            String exportedBy,
            List<RecordSignatures.Signed> signatures) {
        List<String[]> rows = new ArrayList<>();
        // a change set's entry says who signed it, where the reader reads the entry
        Map<Long, String> signedByChangeSet = new HashMap<>();
        for (RecordSignatures.Signed s : signatures) {
            signedByChangeSet.merge(s.changeSet(), RecordSignatures.phrase(s.signature()), (a, b) -> a + "; " + b);
        }
        for (AuditEntry e : entries) {
            Long changeSet = RecordSignatures.changeSetOf(e);
            String phrases = changeSet == null ? null : signedByChangeSet.get(changeSet);
            String signed = phrases == null ? "" : " [signed: " + phrases + "]";
            rows.add(new String[] {
                Long.toString(e.seq()),
                WHEN.format(e.occurredAt()),
                e.actor(),
                e.action(),
                e.entityType() + " " + e.entityId(),
                cut(nz(e.reason()), 300) + signed,
                cut(json(e.oldValue()), 200) + (e.oldValue() == null ? "" : " -> ") + cut(json(e.newValue()), 300),
                e.hash().substring(0, 16) + "…"
            });
        }
        String status = chain.valid()
                ? "intact: all " + chain.entries() + " entries verified"
                : "BROKEN at entry " + chain.firstBrokenSeq() + ": " + chain.reason();
        if (chain.unsealed() > 0) {
            status += "; " + chain.unsealed() + " entries committed since " + chain.oldestUnsealedAt()
                    + " were not yet sealed into the chain";
        }
        return new PdfReport(
                        "Audit trail export",
                        "Qualigate audit trail export · " + WHEN.format(now) + " UTC · " + exportedBy)
                .facts(List.of(
                        new String[] {"Filter", filter},
                        new String[] {"Entries", Integer.toString(entries.size())},
                        new String[] {"Hash chain", status},
                        new String[] {"Exported", WHEN.format(now) + " UTC by " + exportedBy}))
                .heading("Entries (oldest first)")
                .table(
                        new String[] {"seq", "when (UTC)", "who", "what", "record", "why", "value", "hash"},
                        new float[] {0.6f, 2.2f, 1.5f, 1.8f, 2.6f, 4f, 5f, 1.5f},
                        rows)
                .signatures(
                        signatures.stream().map(RecordSignatures.Signed::line).toList())
                .finish();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String json(@Nullable JsonNode node) {
        return node == null || node.isNull() ? "" : node.toString();
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }
}
