package org.qualigate.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV (RFC 4180: comma separated, double quotes around fields that hold commas, quotes or line breaks, a quote
 * doubled inside) into rows, each with the line it starts on, so a bad row can be named.
 *
 * <p>Apache Commons CSV reads the records. It is told to go on where RFC 4180 says a record is bad (text after a
 * closing quote, a quoted field still open at the end), so one bad row never stops the file; each record's own text
 * is then checked against the values read from it, which finds those rows and a quote inside an unquoted field (that
 * Commons CSV takes as a character).
 */
final class CsvRows {

    static final String QUOTE_IN_UNQUOTED_FIELD = "a quote inside an unquoted field";
    static final String TEXT_AFTER_CLOSING_QUOTE = "text after a closing quote";
    static final String QUOTED_FIELD_NOT_CLOSED = "a quoted field is not closed";

    private static final CSVFormat FORMAT = CSVFormat.RFC4180
            .builder()
            .setIgnoreEmptyLines(false)
            .setTrailingData(true)
            .setLenientEof(true)
            .get();

    private CsvRows() {}

    /** One row: the line it starts on (1-based), its fields, the reason it cannot be read (if so), its text. */
    record Row(int line, List<String> fields, @Nullable String error, String text) {

        boolean readable() {
            return error == null;
        }
    }

    static List<Row> parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<CSVRecord> records = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(t, FORMAT)) {
            parser.forEach(records::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a string is read whole; with the lenient format nothing is refused
        }
        List<Row> rows = new ArrayList<>();
        int line = 1;
        int counted = 0;
        for (int r = 0; r < records.size(); r++) {
            int start = (int) records.get(r).getCharacterPosition();
            int end = r + 1 < records.size() ? (int) records.get(r + 1).getCharacterPosition() : t.length();
            line += lineBreaks(t, counted, start);
            counted = start;
            List<String> fields = records.get(r).toList();
            if (fields.size() == 1 && fields.getFirst().isBlank()) {
                continue;
            }
            String raw = t.substring(start, end);
            rows.add(new Row(line, fields, problem(raw, fields), raw.stripTrailing()));
        }
        return rows;
    }

    /**
     * Why the record's text is not RFC 4180, or null: each field must stand in the text either as its value (with no
     * quote in it) or quoted, its quotes doubled, followed by a comma — the last by the line's end.
     */
    static @Nullable String problem(String raw, List<String> fields) {
        int at = 0;
        for (int f = 0; f < fields.size(); f++) {
            String value = fields.get(f);
            if (at < raw.length() && raw.charAt(at) == '"') {
                String opened = "\"" + value.replace("\"", "\"\"");
                if (!raw.startsWith(opened, at)) {
                    return TEXT_AFTER_CLOSING_QUOTE;
                }
                at += opened.length();
                if (at >= raw.length()) {
                    return QUOTED_FIELD_NOT_CLOSED;
                }
                if (raw.charAt(at) != '"') {
                    return TEXT_AFTER_CLOSING_QUOTE;
                }
                at++;
            } else {
                if (value.indexOf('"') >= 0) {
                    return QUOTE_IN_UNQUOTED_FIELD;
                }
                at += value.length();
            }
            boolean last = f == fields.size() - 1;
            if (!last && (at >= raw.length() || raw.charAt(at) != ',')) {
                return TEXT_AFTER_CLOSING_QUOTE;
            }
            at += last ? 0 : 1;
        }
        String rest = raw.substring(at);
        return rest.isEmpty() || rest.equals("\n") || rest.equals("\r") || rest.equals("\r\n")
                ? null
                : TEXT_AFTER_CLOSING_QUOTE;
    }

    /** The line breaks (CR, LF or CRLF, as Commons CSV counts them) in {@code text} from {@code from} to {@code to}. */
    private static int lineBreaks(String text, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                breaks++;
            }
        }
        return breaks;
    }
}
