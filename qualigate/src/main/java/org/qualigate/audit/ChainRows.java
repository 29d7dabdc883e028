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
        int shownYear = bc ? 1 - year : year;
        int yearDigits = Math.max(4, Integer.toString(shownYear).length());
        int fraction = (int) (time % 1_000_000);
        int fractionDigits = 0;
        if (fraction != 0) {
            fractionDigits = 6;
            while (fraction % 10 == 0) {
                fraction /= 10;
                fractionDigits--;
            }
        }
        byte[] text = new byte[yearDigits + 18 + (fractionDigits > 0 ? fractionDigits + 1 : 0) + (bc ? 3 : 0)];
        int at = digits(text, 0, shownYear, yearDigits);
        text[at++] = '-';
        at = digits(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, date.getDayOfMonth(), 2);
        text[at++] = ' ';
        long seconds = time / 1_000_000;
        at = digits(text, at, seconds / 3_600, 2);
        text[at++] = ':';
        at = digits(text, at, seconds / 60 % 60, 2);
        text[at++] = ':';
        at = digits(text, at, seconds % 60, 2);
        if (fractionDigits > 0) {
            text[at++] = '.';
            at = digits(text, at, fraction, fractionDigits);
        }
        text[at++] = '+';
        text[at++] = '0';
        text[at++] = '0';
        if (bc) {
            text[at++] = ' ';
            text[at++] = 'B';
            text[at] = 'C';
        }
        return text;
    }

    /** Writes {@code value} in {@code width} digits, zeros first, at {@code at}; returns where the digits end. */
    private static int digits(byte[] text, int at, long value, int width) {
        long v = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
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
