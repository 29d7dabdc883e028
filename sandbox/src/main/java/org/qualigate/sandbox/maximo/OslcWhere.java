package org.qualigate.sandbox.maximo;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code oslc.where} clauses the simulator understands: {@code attr op value} joined by {@code and}, with
 * {@code = != > >= < <=} and {@code in [..]}; strings in double quotes ({@code %} a wildcard with {@code =}),
 * numbers bare, date-times as ISO strings compared in time.
 */
record OslcWhere(List<Condition> conditions) {

    private static final Pattern CONDITION =
            Pattern.compile("(?is)^\\s*(\\w+)\\s*(>=|<=|!=|=|>|<|\\s+in\\s+)\\s*(.+?)\\s*$");

    record Condition(String attribute, String op, List<String> values) {

        boolean test(JsonNode row) {
            JsonNode node = row.get(attribute);
            String actual = node == null || node.isNull() ? null : node.asString();
            if (op.equals("in")) {
                return actual != null && values.contains(actual);
            }
            String expected = values.getFirst();
            if (op.equals("=")) {
                return actual != null && like(actual, expected);
            }
            if (op.equals("!=")) {
                return actual == null || !like(actual, expected);
            }
            if (actual == null) {
                return false;
            }
            int c = compare(actual, expected);
            return switch (op) {
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                default -> c <= 0;
            };
        }
    }

    static OslcWhere parse(@Nullable String text) {
        List<Condition> conditions = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return new OslcWhere(conditions);
        }
        for (String part : text.split("(?i)\\s+and\\s+")) {
            Matcher m = CONDITION.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("the where clause cannot be parsed near: " + part.trim());
            }
            String op = m.group(2).trim().toLowerCase(Locale.ROOT);
            String value = m.group(3).trim();
            List<String> values = new ArrayList<>();
            if (op.equals("in")) {
                if (!value.startsWith("[") || !value.endsWith("]")) {
                    throw new IllegalArgumentException("in needs a list in brackets: " + value);
                }
                for (String v : value.substring(1, value.length() - 1).split(",")) {
                    values.add(unquote(v.trim()));
                }
            } else {
                values.add(unquote(value));
            }
            conditions.add(new Condition(m.group(1).toLowerCase(Locale.ROOT), op, List.copyOf(values)));
        }
        return new OslcWhere(List.copyOf(conditions));
    }

    boolean matches(JsonNode row) {
        return conditions.stream().allMatch(c -> c.test(row));
    }

    private static boolean like(String actual, String pattern) {
        if (!pattern.contains("%")) {
            return actual.equalsIgnoreCase(pattern);
        }
        String regex = "(?i)" + Pattern.quote(pattern).replace("%", "\\E.*\\Q");
        return actual.matches(regex);
    }

    private static int compare(String a, String b) {
        try {
            return OffsetDateTime.parse(a)
                    .toInstant()
                    .compareTo(OffsetDateTime.parse(b).toInstant());
        } catch (DateTimeParseException e) {
            try {
                return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
            } catch (NumberFormatException n) {
                return a.compareTo(b);
            }
        }
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
