package org.qualigate.connector.scim;

/**
 * Builds the few RFC 7644 §3.4.2.2 filters the adapter sends, with values quoted as JSON strings so
 * that a quote or backslash in a value cannot change the filter's meaning.
 */
final class ScimFilter {

    private ScimFilter() {}

    /** {@code attribute eq "value"}. */
    static String equalTo(String attribute, String value) {
        return attribute + " eq " + quote(value);
    }

    /** {@code members[value eq "id"]}: the groups that list the member directly. */
    static String hasMember(String memberId) {
        return "members[value eq " + quote(memberId) + "]";
    }

    /** A filter's compValue string: JSON string syntax (RFC 7644 §3.4.2.2 refers to RFC 7159 §7). */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
