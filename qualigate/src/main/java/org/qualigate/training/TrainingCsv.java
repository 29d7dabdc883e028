package org.qualigate.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * The training module's CSV downloads (RFC 4180, Apache Commons CSV): CRLF line ends, a field quoted when it
 * needs it, and a leading formula character neutralised so a spreadsheet shows the value instead of running it.
 */
final class TrainingCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    private TrainingCsv() {}

    /** The header line and one line per row. */
    static String write(List<String> header, List<List<@Nullable String>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord(header);
            for (List<@Nullable String> row : rows) {
                printer.printRecord(row.stream().map(TrainingCsv::cell).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return out.toString();
    }

    /**
     * A value as it is written: a leading {@code = + - @} gets a {@code '} so no spreadsheet evaluates it; an
     * absent or empty value is written as nothing.
     */
    static @Nullable String cell(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
