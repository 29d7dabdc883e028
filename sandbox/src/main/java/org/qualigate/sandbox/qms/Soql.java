package org.qualigate.sandbox.qms;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The small subset of SOQL the simulator understands: {@code SELECT f1, f2 FROM Object [WHERE c AND c …]
 * [ORDER BY f] [LIMIT n]} where each condition is {@code field op value} with {@code = != < <= > >=} and a
 * quoted string, number or date-time literal, or {@code field IN ('a', 'b')}.
 */
record Soql(
        List<String> fields,
        String object,
        List<Condition> where,
        @Nullable String orderBy,
        int limit) {

    /** Salesforce's date-time format in answers, e.g. {@code 2026-11-20T08:00:00.000+0000}. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT);

    private static final Pattern QUERY = Pattern.compile(
            "(?is)^\\s*SELECT\\s+(.+?)\\s+FROM\\s+(\\w+)(?:\\s+WHERE\\s+(.+?))?(?:\\s+ORDER\\s+BY\\s+(\\w+))?"
                    + "(?:\\s+LIMIT\\s+(\\d+))?\\s*$");
    private static final Pattern CONDITION =
            Pattern.compile("(?is)^\\s*(\\w+)\\s*(=|!=|<=|>=|<|>|\\s+IN\\s+)\\s*(.+?)\\s*$");

    record Condition(String field, String op, List<String> values) {

        boolean test(JsonNode record) {
            JsonNode node = record.get(field);
            String actual = node == null || node.isNull() ? null : node.asString();
            if (op.equals("IN")) {
                return actual != null && values.contains(actual);
            }
            String expected = values.getFirst();
            if (op.equals("=")) {
                return expected == null ? actual == null : expected.equals(actual);
            }
            if (op.equals("!=")) {
                return expected == null ? actual != null : !expected.equals(actual);
            }
            if (actual == null || expected == null) {
                return false;
            }
            int c = compare(actual, expected);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    static Soql parse(String text) {
        Matcher m = QUERY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected token: " + text);
        }
        List<String> fields = new ArrayList<>();
        for (String f : m.group(1).split(",")) {
            fields.add(f.trim());
        }
        List<Condition> where = new ArrayList<>();
        if (m.group(3) != null) {
            for (String part : m.group(3).split("(?i)\\s+AND\\s+")) {
                Matcher c = CONDITION.matcher(part);
                if (!c.matches()) {
                    throw new IllegalArgumentException("unexpected condition: " + part);
                }
                String op = c.group(2).trim().toUpperCase(Locale.ROOT);
                String value = c.group(3).trim();
                List<String> values = new ArrayList<>();
                if (op.equals("IN")) {
                    if (!value.startsWith("(") || !value.endsWith(")")) {
                        throw new IllegalArgumentException("IN needs a list: " + value);
                    }
                    for (String v : value.substring(1, value.length() - 1).split(",")) {
                        values.add(literal(v.trim()));
                    }
                } else {
                    values.add(literal(value));
                }
                where.add(new Condition(c.group(1), op, values));
            }
        }
        int limit = m.group(5) == null ? Integer.MAX_VALUE : Integer.parseInt(m.group(5));
        return new Soql(List.copyOf(fields), m.group(2), List.copyOf(where), m.group(4), limit);
    }

    boolean matches(JsonNode record) {
        return where.stream().allMatch(c -> c.test(record));
    }

    private static @Nullable String literal(String v) {
        if (v.equalsIgnoreCase("null")) {
            return null;
        }
        if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
            return v.substring(1, v.length() - 1).replace("\\'", "'");
        }
        return v;
    }

    private static int compare(String a, String b) {
        Optional<Instant> ia = instant(a);
        Optional<Instant> ib = instant(b);
        if (ia.isPresent() && ib.isPresent()) {
            return ia.get().compareTo(ib.get());
        }
        return a.compareTo(b);
    }

    static Optional<Instant> instant(String text) {
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant());
            }
            if (text.endsWith("Z")) {
                return Optional.of(Instant.parse(text));
            }
            try {
                return Optional.of(OffsetDateTime.parse(text, DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
