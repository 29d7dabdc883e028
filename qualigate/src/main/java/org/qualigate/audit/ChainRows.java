package org.qualigate.audit;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The chain's entries as {@code verify} reads them (decision 0108): PostgreSQL's {@code COPY … TO STDOUT (FORMAT
 * binary)} of {@link #SELECT}, one message per entry, each column as its length and bytes — the texts and the JSON
 * values' text as they are, the number and the time in eight bytes each. An entry's columns are taken from its message
 * on a checking thread; the time is written as the text PostgreSQL writes for it in UTC, so that an entry is checked
 * from exactly the columns it was checked from before.
 */
final class ChainRows {

    /** The entries from {@code after} on ({@code seq > ?}, all when absent), in sequence order, at most {@code limit}. */
    static String copy(@Nullable Long after, int limit) {
        return "COPY (" + SELECT + (after == null ? "" : " WHERE seq > " + after) + " ORDER BY seq LIMIT " + limit
                + ") TO STDOUT (FORMAT binary)";
    }

    private static final String SELECT = "SELECT seq, prev_hash, hash, hashed_text, occurred_at, actor, action,"
            + " entity_type, entity_id, employee_id, old_value::text, new_value::text, reason, correlation_id, trace_id"
            + " FROM audit_event";

    private static final int COLUMNS = 15;
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    /** The days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01. */
    private static final long POSTGRES_EPOCH_DAY = 10_957;

    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private ChainRows() {}

    /**
     * The message without the file header that precedes the first entry of a {@code COPY}; the message as it is when it
     * has none.
     */
    static byte[] withoutHeader(byte[] message) {
        if (message.length < SIGNATURE.length + 8
                || !Arrays.equals(message, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            return message;
        }
        int extension = readInt(message, SIGNATURE.length + 4);
        return Arrays.copyOfRange(message, SIGNATURE.length + 8 + extension, message.length);
    }

    /** Whether the message is the trailer that ends a binary {@code COPY}. */
    static boolean isTrailer(byte[] message) {
        return message.length == 2 && message[0] == (byte) 0xFF && message[1] == (byte) 0xFF;
    }

    /** The entry's number: its first column. */
    static long seqOf(byte[] row) {
        return readLong(row, 6);
    }

    /** The entry one message holds (a row of {@link #SELECT}). */
    static SealedEntry entry(byte[] row) {
        Fields f = new Fields(row);
        if (f.readShort() != COLUMNS) {
            throw new IllegalStateException("an audit entry's COPY row has not " + COLUMNS + " columns");
        }
        long seq = f.longColumn();
        byte[] prevHash = f.column();
        byte[] hash = f.column();
        byte[] hashedText = f.column();
        long micros = f.longColumn();
        EntryContent.Stored columns = new EntryContent.Stored(
                text(micros),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column(),
                f.column());
        if (f.at != row.length) {
            throw new IllegalStateException("an audit entry's COPY row holds more than its columns");
        }
        return new SealedEntry(seq, prevHash, hash, hashedText, columns);
    }

    /**
     * PostgreSQL's text of a {@code timestamptz} in UTC with {@code DateStyle} ISO ({@code 2026-11-02 15:00:00.12+00}:
     * the fraction without trailing zeros, at least four digits of year, {@code BC} after a year before 1), from its
     * microseconds since 2000-01-01 UTC.
     */
    static byte[] text(long micros) {
        if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
            return (micros == Long.MAX_VALUE ? "infinity" : "-infinity").getBytes(StandardCharsets.US_ASCII);
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(micros, MICROS_PER_DAY) + POSTGRES_EPOCH_DAY);
        long time = Math.floorMod(micros, MICROS_PER_DAY);
        int year = date.getYear();
        boolean bc = year <= 0;
        StringBuilder s = new StringBuilder(32);
        pad(s, bc ? 1 - year : year, 4).append('-');
        pad(s, date.getMonthValue(), 2).append('-');
        pad(s, date.getDayOfMonth(), 2).append(' ');
        long seconds = time / 1_000_000;
        pad(s, seconds / 3_600, 2).append(':');
        pad(s, seconds / 60 % 60, 2).append(':');
        pad(s, seconds % 60, 2);
        int fraction = (int) (time % 1_000_000);
        if (fraction != 0) {
            int digits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
            s.append('.');
            pad(s, fraction, digits);
        }
        s.append("+00");
        if (bc) {
            s.append(" BC");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder pad(StringBuilder s, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(digits);
    }

    /** The columns of one row, read in order. */
    private static final class Fields {
        private final byte[] row;
        private int at;

        Fields(byte[] row) {
            this.row = row;
        }

        int readShort() {
            int v = ((row[at] & 0xFF) << 8) | (row[at + 1] & 0xFF);
            at += 2;
            return v;
        }

        byte @Nullable [] column() {
            int length = readInt(row, at);
            at += 4;
            if (length < 0) {
                return null;
            }
            byte[] value = Arrays.copyOfRange(row, at, at + length);
            at += length;
            return value;
        }

        long longColumn() {
            if (readInt(row, at) != 8) {
                throw new IllegalStateException("an audit entry's COPY row has no eight-byte number where one is due");
            }
            long v = readLong(row, at + 4);
            at += 12;
            return v;
        }
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static long readLong(byte[] b, int at) {
        return ((long) readInt(b, at) << 32) | (readInt(b, at + 4) & 0xFFFFFFFFL);
    }
}
