package org.qualigate.sandbox;

/**
 * A SCIM resource's version as a weak ETag (RFC 7644 section 3.14): how it is written, and the conditional
 * requests that compare with it ({@code If-None-Match} for a read, {@code If-Match} for a change).
 */
final class ScimVersions {

    private ScimVersions() {}

    static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** Whether a read's {@code If-None-Match} names this version: then the answer is 304. */
    static boolean notModified(HttpCall call, long version) {
        String header = call.header("If-None-Match");
        return header != null && matches(header, version);
    }

    /** Refuses a change whose {@code If-Match} names another version with 412. */
    static void checkIfMatch(HttpCall call, long version) {
        String header = call.header("If-Match");
        if (header != null && !matches(header, version)) {
            throw new ScimException(
                    412,
                    null,
                    "the resource is at version " + etag(version) + "; If-Match " + header.trim() + " is stale");
        }
    }

    /** Weak comparison (RFC 9110 section 8.8.3.2), as SCIM versions are weak ETags. */
    static boolean matches(String header, long version) {
        String expected = "\"" + version + "\"";
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/") || tag.startsWith("w/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
