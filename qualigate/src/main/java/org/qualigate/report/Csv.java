package org.qualigate.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * The report exports' CSV (RFC 4180), written with Apache Commons CSV: a field quoted when it needs it, its quotes
 * doubled, and every cell's leading formula character ({@code = + - @}) neutralised with a {@code '} so no
 * spreadsheet evaluates it.
 */
public final class Csv {

    private static final CSVFormat LF =
            CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private Csv() {}

    /** Lines ended by LF, as the report module's downloads always were. */
    public static Lines lines(Appendable out) {
        return new Lines(out, LF);
    }

    /** Lines ended by CRLF, as RFC 4180 has them (the access review campaign's report). */
    public static Lines crlfLines(Appendable out) {
        return new Lines(out, CSVFormat.RFC4180);
    }

    /** A value as it is written: a leading {@code = + - @} gets a {@code '}; an absent value is written as nothing. */
    public static String cell(@Nullable Object value) {
        String v = value == null ? "" : value.toString();
        return !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }

    /** Writes one line per call to what it was given. */
    public static final class Lines {

        private final CSVPrinter printer;

        private Lines(Appendable out, CSVFormat format) {
            try {
                this.printer = new CSVPrinter(out, format);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The header line: the column names, separated by commas, as they are written. */
        public Lines header(String columns) {
            return line((Object[]) columns.split(","));
        }

        /** One line of the cells, each as {@link #cell(Object)} makes it. */
        public Lines line(@Nullable Object... cells) {
            try {
                for (Object c : cells) {
                    String v = cell(c);
                    // an empty value printed as absent is written as nothing, also first on a line ("" otherwise)
                    printer.print(v.isEmpty() ? null : v);
                }
                printer.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the exports write to a StringBuilder, which does not fail
            }
            return this;
        }
    }
}
