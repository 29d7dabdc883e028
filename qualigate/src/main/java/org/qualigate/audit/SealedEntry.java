package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One sealed entry as {@code verify} reads it: its number, link, hash and hashed text (only for entries sealed
 * while the text was stored, decision 0069; none since decision 0078) and its columns, all as the bytes sent.
 */
record SealedEntry(long seq, byte[] prevHash, byte[] hash, byte @Nullable [] hashedText, EntryContent.Stored columns) {

    static final byte[] GENESIS = AuditTrail.GENESIS.getBytes(StandardCharsets.US_ASCII);

    /**
     * Why this entry does not hold, or null if it does. With a hashed text: the text hashes to the entry's hash, and
     * it is the canonical form of the entry's columns — shown by {@code match} without re-encoding where it can, else
     * by re-encoding the columns — so that neither the text nor a column can be changed alone. Without one: the
     * columns' canonical form hashes to the entry's hash, as before the text was stored.
     */
    @Nullable
    String problem(HashedTextMatch match) {
        return problem(match, new ColumnsCanonicalForm());
    }

    /**
     * {@link #problem(HashedTextMatch)}, with the canonical form of an entry without a text written from its columns'
     * bytes by {@code form} where it can (decision 0108): when those bytes hash to the entry's hash the entry holds;
     * in every other case the columns are decoded and encoded again, so the answer is always the re-encoding's.
     */
    @Nullable
    String problem(HashedTextMatch match, ColumnsCanonicalForm form) {
        byte[] text = hashedText;
        if (text != null && !AuditHash.hashes(text, hash)) {
            return "hashed text does not match its hash";
        }
        if (text != null && match.shows(text, seq, prevHash, columns)) {
            return null;
        }
        if (text == null && form.write(seq, prevHash, columns) && AuditHash.hashes(form.bytes(), form.length(), hash)) {
            return null;
        }
        byte[] canonical;
        try {
            canonical = AuditHash.canonical(seq, columns.content(), new String(prevHash, StandardCharsets.US_ASCII))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | DateTimeException unreadable) {
            return "content cannot be canonicalized: " + unreadable.getMessage();
        }
        if (text != null) {
            return Arrays.equals(canonical, text) ? null : "content does not match its hashed text";
        }
        return AuditHash.hashes(canonical, hash) ? null : "content does not match its hash";
    }
}
