package org.qualigate.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditVerification;

/**
 * The audit page's JSON export: who exported what when, whether it holds every matching entry (and if not, a note on
 * how to get the rest), the chain's check, the signatures on the records the entries concern, the entries. Each
 * signature is its own view, a map on purpose (decision 0062).
 */
record AuditJsonExport(
        Instant exportedAt,
        String exportedBy,
        String filter,
        boolean complete,

        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String note,

        AuditVerification chain,
        List<Map<String, Object>> signatures,
        List<AuditEntry> entries) {

    /** The JSON export of {@code entries}. */
    static AuditJsonExport of(
            List<AuditEntry> entries,
            String filter,
            Instant now,
            String by,
            AuditVerification chain,
            List<Map<String, Object>> signatures) {
        // an export never passes for the whole trail when it is not: the reader is told, and how to get the rest
        boolean complete = entries.size() < AuditPage.EXPORT;
        return new AuditJsonExport(
                now,
                by,
                filter,
                complete,
                complete ? null : AuditPage.incomplete(entries).strip(),
                chain,
                signatures,
                entries);
    }
}
