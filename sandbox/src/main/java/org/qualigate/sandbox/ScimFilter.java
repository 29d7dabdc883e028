package org.qualigate.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/**
 * A parsed SCIM filter (RFC 7644 section 3.4.2.2) evaluated against a resource's JSON.
 *
 * <p>Attribute names and operators are case-insensitive. String comparison is case-insensitive except for
 * {@code id} and {@code externalId}, whose schema declares {@code caseExact}. Precedence: {@code not} binds tighter
 * than {@code and}, which binds tighter than {@code or}.
 */
sealed interface ScimFilter {

    boolean test(JsonNode resource);

    /** Whether the filter reads the given top-level attribute (lower case). */
    boolean reads(String attribute);

    static ScimFilter parse(String text) {
        Parser parser = new Parser(text);
        ScimFilter filter = parser.parseOr();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw ScimException.invalidFilter("unexpected text at " + parser.pos + " in filter: " + text);
        }
        return filter;
    }

    /** A path to an attribute, with its schema URN when one was given. */
    record AttrPath(@Nullable String urn, List<String> names) {

        static AttrPath parse(String text) {
            String urn = null;
            String rest = text;
            if (text.regionMatches(true, 0, "urn:", 0, 4)) {
                int colon = text.lastIndexOf(':');
                urn = text.substring(0, colon);
                rest = text.substring(colon + 1);
            }
            if (rest.isEmpty()) {
                throw ScimException.invalidPath("empty attribute name in " + text);
            }
            List<String> names = List.of(rest.split("\\."));
            for (String name : names) {
                if (name.isEmpty()) {
                    throw ScimException.invalidPath("empty attribute name in " + text);
                }
            }
            return new AttrPath(urn, names);
        }

        String first() {
            return names.get(0).toLowerCase(Locale.ROOT);
        }

        boolean caseExact() {
            if (names.size() != 1) {
                return false;
            }
            String name = first();
            return name.equals("id") || name.equals("externalid");
        }

        /** The node that holds this path's first name: the resource, or its extension object. */
        @Nullable
        JsonNode container(JsonNode resource) {
            if (urn == null) {
                return resource;
            }
            JsonNode extension = child(resource, urn);
            if (extension != null && extension.isObject()) {
                return extension;
            }
            // The core schema's URN prefixes an attribute of the resource itself.
            return urn.toLowerCase(Locale.ROOT).contains(":core:") ? resource : null;
        }

        /** Every value at this path, multi-valued attributes flattened. */
        List<JsonNode> resolve(JsonNode resource) {
            JsonNode start = container(resource);
            List<JsonNode> current = new ArrayList<>();
            if (start == null) {
                return current;
            }
            current.add(start);
            for (String name : names) {
                List<JsonNode> next = new ArrayList<>();
                for (JsonNode node : current) {
                    JsonNode value = node.isObject() ? child(node, name) : null;
                    if (value == null || value.isNull()) {
                        continue;
                    }
                    if (value.isArray()) {
                        value.values().forEach(next::add);
                    } else {
                        next.add(value);
                    }
                }
                current = next;
            }
            return current;
        }

        @Override
        public String toString() {
            return (urn == null ? "" : urn + ":") + String.join(".", names);
        }
    }

    /** The child of an object with the given name, ignoring case, or null. */
    static @Nullable JsonNode child(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    record And(ScimFilter left, ScimFilter right) implements ScimFilter {
        @Override
        public boolean test(JsonNode resource) {
            return left.test(resource) && right.test(resource);
        }

        @Override
        public boolean reads(String attribute) {
            return left.reads(attribute) || right.reads(attribute);
        }
    }

    record Or(ScimFilter left, ScimFilter right) implements ScimFilter {
        @Override
        public boolean test(JsonNode resource) {
            return left.test(resource) || right.test(resource);
        }

        @Override
        public boolean reads(String attribute) {
            return left.reads(attribute) || right.reads(attribute);
        }
    }

    record Not(ScimFilter inner) implements ScimFilter {
        @Override
        public boolean test(JsonNode resource) {
            return !inner.test(resource);
        }

        @Override
        public boolean reads(String attribute) {
            return inner.reads(attribute);
        }
    }

    record Present(AttrPath path) implements ScimFilter {
        @Override
        public boolean test(JsonNode resource) {
            for (JsonNode value : path.resolve(resource)) {
                if (!value.isNull() && !(value.isString() && value.stringValue().isEmpty())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean reads(String attribute) {
            return path.first().equals(attribute);
        }
    }

    /** {@code attr[filter]}: true when any value of the multi-valued attribute matches the inner filter. */
    record ValuePath(AttrPath path, ScimFilter inner) implements ScimFilter {
        @Override
        public boolean test(JsonNode resource) {
            for (JsonNode value : path.resolve(resource)) {
                if (value.isObject() && inner.test(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean reads(String attribute) {
            return path.first().equals(attribute);
        }
    }

    enum Operator {
        EQ,
        NE,
        CO,
        SW,
        EW,
        GT,
        GE,
        LT,
        LE
    }

    record Compare(AttrPath path, Operator operator, JsonNode value) implements ScimFilter {

        @Override
        public boolean test(JsonNode resource) {
            List<JsonNode> values = path.resolve(resource);
            if (operator == Operator.NE) {
                return values.stream().noneMatch(this::equalsValue) && !(value.isNull() && values.isEmpty());
            }
            if (operator == Operator.EQ && value.isNull()) {
                return values.isEmpty();
            }
            for (JsonNode candidate : values) {
                if (matches(candidate)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean reads(String attribute) {
            return path.first().equals(attribute);
        }

        private boolean equalsValue(JsonNode candidate) {
            JsonNode actual = scalar(candidate);
            if (actual == null) {
                return false;
            }
            if (value.isString() && actual.isString()) {
                return path.caseExact()
                        ? actual.stringValue().equals(value.stringValue())
                        : actual.stringValue().equalsIgnoreCase(value.stringValue());
            }
            if (value.isBoolean()) {
                return actual.isBoolean() && actual.booleanValue() == value.booleanValue()
                        || actual.isString() && actual.stringValue().equalsIgnoreCase(value.asString());
            }
            if (value.isNumber() && actual.isNumber()) {
                return actual.doubleValue() == value.doubleValue();
            }
            return false;
        }

        private boolean matches(JsonNode candidate) {
            if (operator == Operator.EQ) {
                return equalsValue(candidate);
            }
            JsonNode actual = scalar(candidate);
            if (actual == null) {
                return false;
            }
            if (value.isBoolean() || value.isNull()) {
                throw ScimException.invalidFilter("operator " + operator.name().toLowerCase(Locale.ROOT)
                        + " does not apply to " + (value.isNull() ? "null" : "a boolean"));
            }
            if (value.isNumber()) {
                if (!actual.isNumber()) {
                    return false;
                }
                int order = Double.compare(actual.doubleValue(), value.doubleValue());
                return ordered(order);
            }
            if (!actual.isString()) {
                return false;
            }
            String a = actual.stringValue();
            String v = value.stringValue();
            if (!path.caseExact()) {
                a = a.toLowerCase(Locale.ROOT);
                v = v.toLowerCase(Locale.ROOT);
            }
            return switch (operator) {
                case CO -> a.contains(v);
                case SW -> a.startsWith(v);
                case EW -> a.endsWith(v);
                default -> ordered(a.compareTo(v));
            };
        }

        private boolean ordered(int order) {
            return switch (operator) {
                case GT -> order > 0;
                case GE -> order >= 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case EQ -> order == 0;
                default ->
                    throw ScimException.invalidFilter(
                            "operator " + operator.name().toLowerCase(Locale.ROOT) + " does not apply to a number");
            };
        }

        /** A complex value compares by its {@code value} sub-attribute, as RFC 7644 prescribes. */
        private static @Nullable JsonNode scalar(JsonNode candidate) {
            if (candidate.isObject()) {
                JsonNode inner = child(candidate, "value");
                return inner == null || inner.isContainer() ? null : inner;
            }
            return candidate.isContainer() ? null : candidate;
        }
    }

    /** Recursive-descent parser of the RFC 7644 filter grammar. */
    final class Parser {
        private final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        ScimFilter parseOr() {
            ScimFilter left = parseAnd();
            while (keyword("or")) {
                left = new Or(left, parseAnd());
            }
            return left;
        }

        private ScimFilter parseAnd() {
            ScimFilter left = parseUnary();
            while (keyword("and")) {
                left = new And(left, parseUnary());
            }
            return left;
        }

        private ScimFilter parseUnary() {
            skipSpaces();
            if (keyword("not")) {
                skipSpaces();
                expect('(');
                ScimFilter inner = parseOr();
                expect(')');
                return new Not(inner);
            }
            if (peek('(')) {
                pos++;
                ScimFilter inner = parseOr();
                expect(')');
                return inner;
            }
            AttrPath path = AttrPath.parse(attributePath());
            if (peek('[')) {
                pos++;
                ScimFilter inner = parseOr();
                expect(']');
                return new ValuePath(path, inner);
            }
            skipSpaces();
            String op = word().toLowerCase(Locale.ROOT);
            if (op.equals("pr")) {
                return new Present(path);
            }
            Operator operator;
            try {
                operator = Operator.valueOf(op.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ScimException.invalidFilter("unknown operator '" + op + "' in filter: " + text);
            }
            return new Compare(path, operator, value());
        }

        private boolean keyword(String word) {
            int save = pos;
            skipSpaces();
            int end = pos + word.length();
            if (end <= text.length()
                    && text.regionMatches(true, pos, word, 0, word.length())
                    && (end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '(')) {
                pos = end;
                return true;
            }
            pos = save;
            return false;
        }

        private boolean peek(char c) {
            skipSpaces();
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw ScimException.invalidFilter("expected '" + c + "' at " + pos + " in filter: " + text);
            }
            pos++;
        }

        private String attributePath() {
            skipSpaces();
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$' || c == ':' || c == '.') {
                    pos++;
                } else {
                    break;
                }
            }
            if (start == pos) {
                throw ScimException.invalidFilter("expected an attribute at " + pos + " in filter: " + text);
            }
            return text.substring(start, pos);
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw ScimException.invalidFilter("expected an operator at " + pos + " in filter: " + text);
            }
            return text.substring(start, pos);
        }

        private JsonNode value() {
            skipSpaces();
            if (peek('"')) {
                return StringNode.valueOf(quoted());
            }
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c) || c == ')' || c == ']') {
                    break;
                }
                pos++;
            }
            String token = text.substring(start, pos);
            switch (token.toLowerCase(Locale.ROOT)) {
                case "true":
                    return BooleanNode.TRUE;
                case "false":
                    return BooleanNode.FALSE;
                case "null":
                    return NullNode.getInstance();
                default:
                    break;
            }
            try {
                if (token.matches("-?\\d+")) {
                    return LongNode.valueOf(Long.parseLong(token));
                }
                return DoubleNode.valueOf(Double.parseDouble(token));
            } catch (NumberFormatException e) {
                throw ScimException.invalidFilter("expected a value at " + start + " in filter: " + text);
            }
        }

        private String quoted() {
            pos++; // opening quote
            StringBuilder out = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw ScimException.invalidFilter("bad \\u escape in filter: " + text);
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(e);
                }
            }
            throw ScimException.invalidFilter("unterminated string in filter: " + text);
        }
    }
}
