package org.qualigate.intake;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV (RFC 4180: comma separated, double quotes around fields that hold commas, quotes or line
 * breaks, a quote doubled inside) into rows, each with the line it starts on, so a bad row can be named.
 */
final class CsvRows {

    private CsvRows() {}

    /** One row: the line it starts on (1-based), its fields, the reason it cannot be read (if so), its text. */
    record Row(int line, List<String> fields, @Nullable String error, String text) {

        boolean readable() {
            return error == null;
        }
    }

    static List<Row> parse(String text) {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        int line = 1;
        int n = text.length();
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        while (i < n) {
            int startLine = line;
            int startIndex = i;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            String error = null;
            while (i < n) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        quoted = false;
                        i++;
                        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                            error = "text after a closing quote";
                        }
                        continue;
                    }
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                    i++;
                    continue;
                }
                if (c == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                    i++;
                    continue;
                }
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    i++;
                    continue;
                }
                if (c == '\r' || c == '\n') {
                    i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                    line++;
                    break;
                }
                if (c == '"') {
                    error = "a quote inside an unquoted field";
                }
                field.append(c);
                fieldStart = false;
                i++;
            }
            if (quoted) {
                error = "a quoted field is not closed";
            }
            fields.add(field.toString());
            String raw = text.substring(startIndex, Math.min(i, n)).stripTrailing();
            boolean blank = fields.size() == 1 && fields.getFirst().isBlank();
            if (!blank) {
                rows.add(new Row(startLine, fields, error, raw));
            }
        }
        return rows;
    }
}
