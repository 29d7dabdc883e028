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
 * prevHash}} and, only when the entry has one, {@code traceId} (decision 0065: an entry without a trace hashes as
 * every entry did before traces were recorded, so the chain sealed before stays valid). The old and new values are given as the JSON text the database holds, so the hash covers
 * exactly what is stored. The sealer and {@code verify} compute it the same way.
 */
final class AuditHash {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Sha256::digest);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private AuditHash() {}

    static String of(long seq, EntryContent entry, String prevHash) {
        return ofText(canonical(seq, entry, prevHash));
    }

    /** The hash of an entry whose canonical form is {@code canonical}: what the chain stores beside it. */
    static String ofText(String canonical) {
        return HexFormat.of().formatHex(SHA256.get().digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code hashHex}, 64 lower-case hex digits as stored, is the SHA-256 of {@code text}. */
    static boolean hashes(byte[] text, byte[] hashHex) {
        return hashes(text, text.length, hashHex);
    }

    /** Whether {@code hashHex} is the SHA-256 of the first {@code length} bytes of {@code text}. */
    static boolean hashes(byte[] text, int length, byte[] hashHex) {
        MessageDigest sha256 = SHA256.get();
        sha256.update(text, 0, length);
        byte[] digest = sha256.digest();
        if (hashHex.length != 2 * digest.length) {
            return false;
        }
        int differences = 0;
        for (int i = 0; i < digest.length; i++) {
            differences |= hashHex[2 * i] ^ HEX[(digest[i] >> 4) & 0xF];
            differences |= hashHex[2 * i + 1] ^ HEX[digest[i] & 0xF];
        }
        return differences == 0;
    }

    /**
     * The canonical form, written directly: the members of an entry are always the same twelve (thirteen with a
     * trace), so their order (UTF-16 order of the names, as RFC 8785 asks) is fixed here once.
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
        if (e.traceId() != null) {
            out.append(",\"traceId\":");
            CanonicalJson.writeString(e.traceId(), out);
        }
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
