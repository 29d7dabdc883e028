package org.qualigate.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Grows the sealed audit chain for the verification benchmark without going through the sealer: entries the size
 * and shape of a qualification being recorded are numbered and hash-chained here exactly as the service chains them
 * (decision 0002: SHA-256 over the RFC 8785 canonical JSON of {@code {seq, occurredAt, actor, action, entityType,
 * entityId, employeeId, old, new, reason, correlationId, prevHash}}, that text stored beside the hash as the sealer
 * stores it, decision 0069), continuing from the chain's last entry, and
 * loaded with PostgreSQL's {@code COPY} in one transaction under the sealer's own advisory lock, so no sealer
 * numbers an entry in between. Whether the hashes are computed as the service computes them is not assumed: the
 * service's {@code verify} over the grown chain answers it (an entry hashed differently is named as broken).
 */
final class AuditChainSeed {

    /** The sealer's lock (AuditSealer.CHAIN_LOCK): the chain has one writer at a time. */
    private static final long CHAIN_LOCK = 0x51A7_A0D1L;

    private static final String GENESIS = "0".repeat(64);
    private static final Instant FIRST = Instant.parse("2026-11-02T15:00:00Z");
    private static final int FLUSH_BYTES = 1 << 20;

    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest md5 = digest("MD5");
    private final HexFormat hex = HexFormat.of();

    private AuditChainSeed() {}

    /** Appends {@code count} sealed entries to the chain; returns the chain's length after. */
    static long append(DataSource database, long count) throws SQLException {
        return new AuditChainSeed().run(database, count);
    }

    private long run(DataSource database, long count) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            long last;
            String prevHash;
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
                try (ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")) {
                    last = rs.next() ? rs.getLong(1) : 0;
                    prevHash = last == 0 ? GENESIS : rs.getString(2);
                }
            }
            CopyIn copy = c.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY audit_event (seq, occurred_at, actor, action, entity_type, entity_id, employee_id,"
                                    + " old_value, new_value, reason, correlation_id, prev_hash, hash, hashed_text) FROM STDIN");
            StringBuilder rows = new StringBuilder(FLUSH_BYTES + 4096);
            for (long g = 1; g <= count; g++) {
                prevHash = row(last + g, prevHash, rows);
                if (rows.length() >= FLUSH_BYTES) {
                    write(copy, rows);
                }
            }
            write(copy, rows);
            copy.endCopy();
            c.commit();
            return last + count;
        }
    }

    /**
     * Appends to {@code rows} entry {@code seq} chained after {@code prevHash} as a line of COPY's text format (the
     * columns of the COPY above); returns its hash.
     */
    String row(long seq, String prevHash, StringBuilder rows) {
        Entry e = entry(seq);
        String text = e.canonical(seq, prevHash);
        String hash = hex.formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        // no hashed text stored, as the sealer stores none (decision 0078)
        e.copyRow(seq, prevHash, hash, "\\N", rows);
        return hash;
    }

    /** One entry's COPY line, chained after {@code prevHash} (for the test that compares it with the sealer's). */
    static String row(long seq, String prevHash) {
        StringBuilder line = new StringBuilder();
        new AuditChainSeed().row(seq, prevHash, line);
        return line.toString();
    }

    private static void write(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }

    /** Entry {@code g}: a qualification recorded from the HRIS, as the ledger writes one (no old value). */
    private Entry entry(long g) {
        String id = hex.formatHex(md5.digest(Long.toString(g).getBytes(StandardCharsets.UTF_8)));
        String employee = "E4%05d".formatted(g % 100_000);
        // the new value's members in the canonical order (UTF-16 order of the names, nested objects too)
        String newJson = "{\"authority\":\"HRIS\",\"code\":\"GMP-BASIC\",\"completedAt\":\"2026-11-02T00:00:00Z\","
                + "\"evidence\":{\"approvedAt\":\"2026-11-02T15:00:00Z\",\"approvedBy\":\"TC-0042\",\"eventId\":\""
                + id + "\",\"source\":\"hris\",\"sourceRecordId\":\"TR-" + g + "\",\"sourceVersion\":1},"
                + "\"expiresAt\":\"2027-11-02T00:00:00Z\",\"level\":1,\"status\":\"VALID\"}";
        return new Entry(
                FIRST.plus(g, ChronoUnit.MILLIS),
                "source:hris",
                "qualification.recorded",
                "qualification",
                id,
                employee,
                newJson,
                "hris record TR-" + g + " v1: GMP-BASIC completed, approved by TC-0042",
                id);
    }

    /** What one seeded entry says; none of its texts needs escaping in JSON or in COPY's text format. */
    private record Entry(
            Instant occurredAt,
            String actor,
            String action,
            String entityType,
            String entityId,
            String employeeId,
            String newJson,
            String reason,
            String correlationId) {

        /** The canonical JSON the chain hashes, members in UTF-16 order of their names. */
        String canonical(long seq, String prevHash) {
            return "{\"action\":" + quoted(action)
                    + ",\"actor\":" + quoted(actor)
                    + ",\"correlationId\":" + quoted(correlationId)
                    + ",\"employeeId\":" + quoted(employeeId)
                    + ",\"entityId\":" + quoted(entityId)
                    + ",\"entityType\":" + quoted(entityType)
                    + ",\"new\":" + newJson
                    + ",\"occurredAt\":"
                    + quoted(occurredAt.truncatedTo(ChronoUnit.MICROS).toString())
                    + ",\"old\":null"
                    + ",\"prevHash\":" + quoted(prevHash)
                    + ",\"reason\":" + quoted(reason)
                    + ",\"seq\":" + seq
                    + "}";
        }

        /**
         * The row as COPY's text format has it, with the hashed text stored beside the hash as the sealer stores it
         * (decision 0069); nothing in it needs COPY's escapes (no tab, newline or backslash: see quoted).
         */
        void copyRow(long seq, String prevHash, String hash, String hashedText, StringBuilder out) {
            out.append(seq)
                    .append('\t')
                    .append(occurredAt)
                    .append('\t')
                    .append(actor)
                    .append('\t')
                    .append(action)
                    .append('\t')
                    .append(entityType)
                    .append('\t')
                    .append(entityId)
                    .append('\t')
                    .append(employeeId)
                    .append('\t')
                    .append("\\N")
                    .append('\t')
                    .append(newJson)
                    .append('\t')
                    .append(reason)
                    .append('\t')
                    .append(correlationId)
                    .append('\t')
                    .append(prevHash)
                    .append('\t')
                    .append(hash)
                    .append('\t')
                    .append(hashedText)
                    .append('\n');
        }

        private static String quoted(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
                    throw new IllegalArgumentException("a seeded text needs escaping: " + text);
                }
            }
            return '"' + text + '"';
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
