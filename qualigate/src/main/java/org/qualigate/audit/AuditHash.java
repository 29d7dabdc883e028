package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The hash of one chained audit entry (decision 0002): SHA-256 over the RFC 8785 canonical JSON of
 * {@code {seq, occurredAt, actor, action, entityType, entityId, employeeId, old, new, reason, correlationId,
 * prevHash}}. The old and new values are given as the JSON text the database holds, so the hash covers
 * exactly what is stored. The sealer and {@code verify} compute it the same way.
 */
final class AuditHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    });

    private AuditHash() {}

    static String of(
            long seq,
            Instant at,
            String actor,
            String action,
            String entityType,
            String entityId,
            @Nullable String employeeId,
            @Nullable String oldJson,
            @Nullable String newJson,
            @Nullable String reason,
            @Nullable String correlationId,
            String prevHash) {
        return HexFormat.of()
                .formatHex(SHA256.get()
                        .digest(canonical(
                                        seq,
                                        at,
                                        actor,
                                        action,
                                        entityType,
                                        entityId,
                                        employeeId,
                                        oldJson,
                                        newJson,
                                        reason,
                                        correlationId,
                                        prevHash)
                                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The canonical form, written directly: the members of an entry are always the same twelve, so their
     * order (UTF-16 order of the names, as RFC 8785 asks) is fixed here once.
     */
    static String canonical(
            long seq,
            Instant at,
            String actor,
            String action,
            String entityType,
            String entityId,
            @Nullable String employeeId,
            @Nullable String oldJson,
            @Nullable String newJson,
            @Nullable String reason,
            @Nullable String correlationId,
            String prevHash) {
        StringBuilder out = new StringBuilder(256 + length(oldJson) + length(newJson));
        out.append("{\"action\":");
        CanonicalJson.writeString(action, out);
        out.append(",\"actor\":");
        CanonicalJson.writeString(actor, out);
        out.append(",\"correlationId\":");
        text(correlationId, out);
        out.append(",\"employeeId\":");
        text(employeeId, out);
        out.append(",\"entityId\":");
        CanonicalJson.writeString(entityId, out);
        out.append(",\"entityType\":");
        CanonicalJson.writeString(entityType, out);
        out.append(",\"new\":");
        value(newJson, out);
        out.append(",\"occurredAt\":");
        CanonicalJson.writeString(at.truncatedTo(ChronoUnit.MICROS).toString(), out);
        out.append(",\"old\":");
        value(oldJson, out);
        out.append(",\"prevHash\":");
        CanonicalJson.writeString(prevHash, out);
        out.append(",\"reason\":");
        text(reason, out);
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
