package org.qualigate.report;

/** RFC 4180 cells for the report exports, with spreadsheet formulas neutralised. */
public final class Csv {

    private Csv() {}

    public static String cell(String value) {
        String v = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\""
                : v;
    }
}
