package org.qualigate.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.qualigate.text.Sha256;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Canonicalization Scheme of RFC 8785: the one byte sequence a JSON value hashes to, so that an
 * audit entry's hash does not depend on how its JSON happened to be written.
 */
public final class CanonicalJson {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** Parses {@code json} and canonicalizes it; invalid JSON and duplicate member names are refused. */
    public static String canonicalize(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text to canonicalize");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not canonicalizable JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("no JSON value in the text");
        }
        return canonicalize(node);
    }

    /**
     * {@link #canonicalize(String)}, faster for the plain JSON a database writes back (as the sealer and
     * {@code verify} read entries): such text is canonicalized in one pass without building a tree. Anything
     * outside that plain form (deep nesting, a duplicate member, a lone surrogate, long numbers, malformed
     * text) is handed to {@link #canonicalize(String)}, so the result, or the refusal, is always the same.
     */
    public static String canonicalizeText(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text to canonicalize");
        }
        String plain = PlainCanonicalJson.canonicalize(json);
        return plain != null ? plain : canonicalize(json);
    }

    /** The canonical form of {@code node}: sorted members, no whitespace, ECMAScript numbers. */
    public static String canonicalize(JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("no JSON value to canonicalize");
        }
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** SHA-256 of the UTF-8 bytes of {@code canonical}. */
    public static byte[] sha256(String canonical) {
        return Sha256.of(canonical);
    }

    /** SHA-256 of the UTF-8 bytes of {@code canonical}, as 64 lower-case hex digits. */
    public static String sha256Hex(String canonical) {
        return HexFormat.of().formatHex(sha256(canonical));
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonNode element : node.values()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(element, out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.stringValue(), out);
            case NUMBER -> out.append(number(toDouble(node.numberValue())));
            case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out) {
        // String.compareTo orders by UTF-16 code units, which is exactly the order RFC 8785 asks for.
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : members) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(member.getKey(), out);
            out.append(':');
            write(member.getValue(), out);
        }
        out.append('}');
    }

    static void writeString(String value, StringBuilder out) {
        int plain = 0;
        while (plain < value.length()) {
            char c = value.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                break;
            }
            plain++;
        }
        if (plain == value.length()) {
            // Nothing to escape (the usual case): the text as it is.
            out.append('"').append(value).append('"');
            return;
        }
        out.append('"').append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                // I-JSON (RFC 7493), which RFC 8785 builds on, has no place for a lone surrogate.
                throw new IllegalArgumentException("string holds a lone surrogate at index " + i);
            }
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // JSON numbers are IEEE-754 doubles to RFC 8785; a big integer or decimal becomes the nearest one.
    private static double toDouble(Number number) {
        if (number instanceof BigDecimal || number instanceof BigInteger) {
            return Double.parseDouble(number.toString());
        }
        return number.doubleValue();
    }

    /** ECMAScript's {@code Number.prototype.toString} of {@code value} (ECMA-262, Number::toString). */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no place for " + value);
        }
        if (value == 0) {
            return "0"; // minus zero included
        }
        if (value < 0) {
            return "-" + number(-value);
        }
        Decimal decimal = Decimal.shortest(value);
        String digits = decimal.digits();
        int k = digits.length();
        int n = decimal.pointPosition();
        if (k <= n && n <= 21) {
            return digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return "0." + "0".repeat(-n) + digits;
        }
        int exponent = n - 1;
        String sign = exponent < 0 ? "-" : "+";
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + "e" + sign + Math.abs(exponent);
    }

    /**
     * A positive double as {@code 0.digits × 10^pointPosition}, with as few digits as round-trip and, among
     * those, the ones closest to the double (ties to an even last digit).
     */
    private record Decimal(String digits, int pointPosition) {

        static Decimal shortest(double value) {
            // Since JDK 19 Double.toString yields the shortest round-trip digits, except that when one digit
            // would do it may still give two, if two are closer (4.9E-324 where ECMAScript says 5e-324).
            String text = Double.toString(value);
            int e = text.indexOf('E');
            String mantissa = e < 0 ? text : text.substring(0, e);
            int exponent = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
            int dot = mantissa.indexOf('.');
            String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
            int point = dot + exponent;
            int lead = 0;
            while (digits.charAt(lead) == '0') {
                lead++;
            }
            digits = digits.substring(lead);
            point -= lead;
            int end = digits.length();
            while (end > 1 && digits.charAt(end - 1) == '0') {
                end--;
            }
            Decimal decimal = new Decimal(digits.substring(0, end), point);
            return decimal.digits.length() == 2 ? decimal.oneDigitIfExact(value) : decimal;
        }

        private Decimal oneDigitIfExact(double value) {
            BigDecimal exact = new BigDecimal(value);
            int first = digits.charAt(0) - '0';
            Decimal best = null;
            BigDecimal bestDistance = null;
            for (int candidate : new int[] {first, first + 1}) {
                Decimal decimal = candidate == 10
                        ? new Decimal("1", pointPosition + 1)
                        : new Decimal(Integer.toString(candidate), pointPosition);
                BigDecimal candidateValue = decimal.value();
                if (Double.parseDouble(candidateValue.toString()) != value) {
                    continue;
                }
                BigDecimal distance = candidateValue.subtract(exact).abs();
                int comparison = bestDistance == null ? -1 : distance.compareTo(bestDistance);
                boolean evenTie = comparison == 0 && (decimal.digits.charAt(0) - '0') % 2 == 0;
                if (comparison < 0 || evenTie) {
                    best = decimal;
                    bestDistance = distance;
                }
            }
            return best == null ? this : best;
        }

        private BigDecimal value() {
            return new BigDecimal(new BigInteger(digits), digits.length() - pointPosition);
        }
    }
}
