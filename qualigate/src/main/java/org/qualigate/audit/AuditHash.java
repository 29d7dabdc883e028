package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.qualigate.text.Sha256;

/**
 * The hash of one chained audit entry (decision 0002): SHA-256 over the RFC 8785 canonical JSON of
 * {@code {seq, occurredAt, actor, action, entityType, entityId, employeeId, old, new, reason, correlationId,
 * prevHash}}. The old and new values are given as the JSON text the database holds, so the hash covers
 * exactly what is stored. The sealer and {@code verify} compute it the same way.
 */
final class AuditHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::digest);

    private AuditHash() {}

    static String of(long seq, EntryContent entry, String prevHash) {
        return HexFormat.of()
                .formatHex(SHA256.get().digest(canonical(seq, entry, prevHash).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The canonical form, written directly: the members of an entry are always the same twelve, so their
     * order (UTF-16 order of the names, as RFC 8785 asks) is fixed here once.
     */
    static String canonical(long seq, EntryContent e, String prevHash) {
        StringBuilder out = new StringBuilder(256 + length(e.oldJson()) + length(e.newJson()));
        out.append("{\"action\":");
        CanonicalJson.writeString(e.action(), out);
        out.append(",\"actor\":");
        CanonicalJson.writeString(e.actor(), out);
        out.append(",\"correlationId\":");
        text(e.correlationId(), out);
        out.append(",\"employeeId\":");
        text(e.employeeId(), out);
        out.append(",\"entityId\":");
        CanonicalJson.writeString(e.entityId(), out);
        out.append(",\"entityType\":");
        CanonicalJson.writeString(e.entityType(), out);
        out.append(",\"new\":");
        value(e.newJson(), out);
        out.append(",\"occurredAt\":");
        CanonicalJson.writeString(e.occurredAt().truncatedTo(ChronoUnit.MICROS).toString(), out);
        out.append(",\"old\":");
        value(e.oldJson(), out);
        out.append(",\"prevHash\":");
        CanonicalJson.writeString(prevHash, out);
        out.append(",\"reason\":");
        text(e.reason(), out);
        out.append(",\"seq\":").append(CanonicalJson.number(seq));
        return out.append('}').toString();
    }

    private static void text(@Nullable String value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else {
            CanonicalJson.writeString(value, out);
        }
    }

    private static void value(@Nullable String json, StringBuilder out) {
        out.append(json == null ? "null" : CanonicalJson.canonicalizeText(json));
    }

    private static int length(@Nullable String s) {
        return s == null ? 4 : s.length();
    }
}
