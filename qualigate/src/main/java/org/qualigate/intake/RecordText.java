package org.qualigate.intake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.connector.SourceRecord;
import org.qualigate.text.TextInput;

/**
 * The text check of a pulled or imported record, before anything of it is stored: a record whose key or
 * certification fields hold text that cannot be stored as sent ({@link TextInput#refusal}) becomes an
 * unreadable record naming the field, kept with its raw bytes for review like any other. Its key is then
 * replaced by the key's SHA-256 (the raw bytes keep the original), so the same record seen again is still a
 * duplicate.
 */
final class RecordText {

    private RecordText() {}

    static SourceRecord checked(SourceRecord record) {
        String key = TextInput.refusal(record.key()).isPresent()
                ? "sha256:" + IntakeService.sha256(record.key().getBytes(StandardCharsets.UTF_8))
                : record.key();
        SourceRecord.CertificationFields f = record.fields();
        if (f != null) {
            for (var e : texts(f).entrySet()) {
                Optional<String> bad = e.getValue() == null ? Optional.empty() : TextInput.refusal(e.getValue());
                if (bad.isPresent()) {
                    return SourceRecord.unreadable(key, record.raw(), record.contentType(), e.getKey(), bad.get());
                }
            }
            return key.equals(record.key())
                    ? record
                    : SourceRecord.unreadable(
                            key,
                            record.raw(),
                            record.contentType(),
                            "key",
                            TextInput.refusal(record.key()).orElseThrow());
        }
        SourceRecord.Problem p = record.problem();
        if (p == null) {
            return record;
        }
        // a problem's field and reason may quote the payload: kept printable, never as the raw characters
        String field = TextInput.printable(p.field(), 200);
        String reason = TextInput.printable(p.reason(), 2000);
        if (key.equals(record.key()) && field.equals(p.field()) && reason.equals(p.reason())) {
            return record;
        }
        return p.kind() == SourceRecord.Problem.Kind.SCHEMA_DRIFT
                ? SourceRecord.drifted(key, record.raw(), record.contentType(), field, reason)
                : SourceRecord.unreadable(key, record.raw(), record.contentType(), field, reason);
    }

    private static Map<String, @Nullable String> texts(SourceRecord.CertificationFields f) {
        Map<String, @Nullable String> m = new LinkedHashMap<>();
        m.put("eventType", f.eventType());
        m.put("employeeId", f.employeeId());
        m.put("certificationId", f.certificationId());
        m.put("certificationName", f.certificationName());
        m.put("completedOn", f.completedOn());
        m.put("expiresOn", f.expiresOn());
        m.put("sourceRecordId", f.sourceRecordId());
        m.put("approvedBy", f.approvedBy());
        m.put("approvedAt", f.approvedAt());
        return m;
    }
}
