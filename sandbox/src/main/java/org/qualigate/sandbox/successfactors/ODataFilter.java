package org.qualigate.sandbox.successfactors;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The part of the OData v2 {@code $filter} grammar that SuccessFactors integrations use on {@code User}:
 * comparisons ({@code eq ne gt ge lt le}) of a property with a literal ({@code 'text'}, {@code
 * datetime'2026-11-01T00:00:00'}, {@code datetimeoffset'…Z'}, numbers), {@code prop in 'a','b'}, {@code and},
 * {@code or}, {@code not} and parentheses. Anything else is a 400 with the position, as a real server refuses it.
 */
final class ODataFilter {

    /** A parsed filter: true for the entity's properties (values are {@link Instant}, {@link String}, numbers). */
    interface Condition {
        boolean test(Map<String, @Nullable Object> entity);
    }

    private final String text;
    private final List<String> tokens;
    private int at;

    private ODataFilter(String text) {
        this.text = text;
        this.tokens = tokenize(text);
    }

    static Condition parse(@Nullable String filter) {
        if (filter == null || filter.isBlank()) {
            return e -> true;
        }
        ODataFilter parser = new ODataFilter(filter);
        Condition c = parser.or();
        if (parser.at < parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.at) + "'");
        }
        return c;
    }

    private Condition or() {
        Condition left = and();
        while (peekWord("or")) {
            at++;
            Condition l = left;
            Condition r = and();
            left = e -> l.test(e) || r.test(e);
        }
        return left;
    }

    private Condition and() {
        Condition left = unary();
        while (peekWord("and")) {
            at++;
            Condition l = left;
            Condition r = unary();
            left = e -> l.test(e) && r.test(e);
        }
        return left;
    }

    private Condition unary() {
        if (peekWord("not")) {
            at++;
            Condition inner = unary();
            return e -> !inner.test(e);
        }
        if (peek("(")) {
            at++;
            Condition inner = or();
            expect(")");
            return inner;
        }
        return comparison();
    }

    private Condition comparison() {
        String property = next("a property name");
        if (!property.matches("[A-Za-z_][A-Za-z0-9_/]*")) {
            throw error("expected a property name, got '" + property + "'");
        }
        String op = next("an operator").toLowerCase(Locale.ROOT);
        if (op.equals("in")) {
            List<Object> values = new ArrayList<>();
            boolean parenthesised = peek("(");
            if (parenthesised) {
                at++;
            }
            values.add(literal());
            while (peek(",")) {
                at++;
                values.add(literal());
            }
            if (parenthesised) {
                expect(")");
            }
            return e -> values.stream().anyMatch(v -> compare(e.get(property), v) == 0);
        }
        if (!List.of("eq", "ne", "gt", "ge", "lt", "le").contains(op)) {
            throw error("unsupported operator '" + op + "'");
        }
        Object value = literal();
        return e -> {
            Object actual = e.get(property);
            if (actual == null || value == null) {
                return switch (op) {
                    case "eq" -> actual == value;
                    case "ne" -> actual != value;
                    default -> false;
                };
            }
            int c = compare(actual, value);
            return switch (op) {
                case "eq" -> c == 0;
                case "ne" -> c != 0;
                case "gt" -> c > 0;
                case "ge" -> c >= 0;
                case "lt" -> c < 0;
                default -> c <= 0;
            };
        };
    }

    private @Nullable Object literal() {
        String token = next("a literal");
        try {
            if (token.equals("null")) {
                return null;
            }
            if (token.startsWith("'")) {
                return unquote(token);
            }
            String lower = token.toLowerCase(Locale.ROOT);
            if (lower.startsWith("datetimeoffset'")) {
                return OffsetDateTime.parse(unquote(token.substring("datetimeoffset".length())))
                        .toInstant();
            }
            if (lower.startsWith("datetime'")) {
                // Edm.DateTime literals carry no offset; SuccessFactors reads them as UTC.
                return LocalDateTime.parse(unquote(token.substring("datetime".length())))
                        .toInstant(ZoneOffset.UTC);
            }
            if (token.matches("-?\\d+[lL]?")) {
                return Long.parseLong(token.replaceAll("[lL]$", ""));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw error("unreadable literal " + token);
        }
        throw error("unsupported literal " + token);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(@Nullable Object actual, @Nullable Object value) {
        if (actual == null || value == null) {
            return Objects.equals(actual, value) ? 0 : 1;
        }
        if (actual instanceof Number a && value instanceof Number b) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (actual.getClass() != value.getClass()) {
            throw new IllegalArgumentException(
                    "cannot compare " + actual.getClass().getSimpleName() + " with "
                            + value.getClass().getSimpleName());
        }
        return ((Comparable) actual).compareTo(value);
    }

    private static String unquote(String quoted) {
        if (quoted.length() < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
            throw new IllegalArgumentException("not a quoted literal: " + quoted);
        }
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equals(token);
    }

    private boolean peekWord(String word) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(word);
    }

    private String next(String what) {
        if (at >= tokens.size()) {
            throw error("expected " + what + " at the end");
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw error("expected '" + token + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("Invalid $filter '" + text + "': " + message);
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                out.add(String.valueOf(c));
                i++;
            } else {
                int start = i;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (d == '\'') {
                        // a quoted part; '' is an escaped quote inside it
                        i++;
                        while (i < s.length()) {
                            if (s.charAt(i) == '\'') {
                                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                                    i += 2;
                                    continue;
                                }
                                break;
                            }
                            i++;
                        }
                        if (i >= s.length()) {
                            throw new IllegalArgumentException("Invalid $filter '" + s + "': unterminated quote");
                        }
                        i++;
                    } else if (Character.isWhitespace(d) || d == '(' || d == ')' || d == ',') {
                        break;
                    } else {
                        i++;
                    }
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }
}
