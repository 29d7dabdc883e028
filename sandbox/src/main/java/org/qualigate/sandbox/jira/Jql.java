package org.qualigate.sandbox.jira;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JQL the simulator understands: clauses joined by {@code AND}, each {@code field op value} with {@code =},
 * {@code !=}, {@code in (…)} or {@code not in (…)}, on {@code project}, {@code issuetype}, {@code status},
 * {@code statusCategory}, {@code labels}, {@code key}/{@code issuekey} and {@code issue.property[key].path};
 * then an optional {@code ORDER BY created|key|updated [ASC|DESC]}. The enhanced search refuses an unbounded query.
 */
record Jql(List<Clause> clauses, Comparator<Issue> order) {

    private static final Pattern ORDER =
            Pattern.compile("(?is)^(.*?)(?:\\s*ORDER\\s+BY\\s+(\\w+)(?:\\s+(ASC|DESC))?)?\\s*$");
    private static final Pattern CLAUSE = Pattern.compile(
            "(?is)^\\s*(issue\\.property\\[([\\w.-]+)]\\.([\\w.]+)|[\\w]+)\\s*(=|!=|not\\s+in|in)\\s*(.+?)\\s*$");
    private static final Set<String> FIELDS =
            Set.of("project", "issuetype", "type", "status", "statuscategory", "labels", "key", "issuekey");

    /** One condition: the field (lower case, or {@code property:key:path}), whether it must match, the values. */
    record Clause(String field, boolean positive, List<String> values) {

        boolean test(Issue issue) {
            List<String> actual = issue.values(field);
            boolean any = actual.stream().anyMatch(a -> values.stream().anyMatch(v -> v.equalsIgnoreCase(a)));
            return positive == any;
        }
    }

    /** Parses the query; an unknown field or a malformed clause is an {@link IllegalArgumentException}. */
    static Jql parse(String text) {
        Matcher order = ORDER.matcher(text);
        if (!order.matches()) {
            throw new IllegalArgumentException("Error in the JQL Query: unexpected text");
        }
        List<Clause> clauses = new ArrayList<>();
        String where = order.group(1).trim();
        if (!where.isEmpty()) {
            for (String part : where.split("(?i)\\s+AND\\s+")) {
                clauses.add(clause(part));
            }
        }
        return new Jql(List.copyOf(clauses), comparator(order.group(2), order.group(3)));
    }

    boolean bounded() {
        return !clauses.isEmpty();
    }

    boolean matches(Issue issue) {
        return clauses.stream().allMatch(c -> c.test(issue));
    }

    private static Clause clause(String part) {
        Matcher m = CLAUSE.matcher(part);
        if (!m.matches()) {
            throw new IllegalArgumentException("Error in the JQL Query: cannot parse '" + part.trim() + "'");
        }
        String field = m.group(2) != null
                ? "property:" + m.group(2) + ":" + m.group(3)
                : m.group(1).toLowerCase(Locale.ROOT);
        if (m.group(2) == null && !FIELDS.contains(field)) {
            throw new IllegalArgumentException(
                    "Field '" + m.group(1) + "' does not exist or you do not have permission to view it.");
        }
        String op = m.group(4).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        List<String> values = new ArrayList<>();
        String value = m.group(5).trim();
        if (op.endsWith("in")) {
            if (!value.startsWith("(") || !value.endsWith(")")) {
                throw new IllegalArgumentException("Error in the JQL Query: expected a list after '" + op + "'");
            }
            for (String v : value.substring(1, value.length() - 1).split(",")) {
                values.add(unquote(v.trim()));
            }
        } else {
            values.add(unquote(value));
        }
        String canonical = field.equals("type") ? "issuetype" : field.equals("issuekey") ? "key" : field;
        return new Clause(canonical, op.equals("=") || op.equals("in"), List.copyOf(values));
    }

    private static Comparator<Issue> comparator(String field, String direction) {
        Comparator<Issue> by = switch (field == null ? "created" : field.toLowerCase(Locale.ROOT)) {
            case "key", "issuekey" -> Comparator.comparingLong(Issue::number);
            case "updated" -> Comparator.comparing(Issue::updated).thenComparingLong(Issue::number);
            case "created" -> Comparator.comparing(Issue::created).thenComparingLong(Issue::number);
            default -> throw new IllegalArgumentException("Not able to sort using field '" + field + "'.");
        };
        return "DESC".equalsIgnoreCase(direction) ? by.reversed() : by;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
