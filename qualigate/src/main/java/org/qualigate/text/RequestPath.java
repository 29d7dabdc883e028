package org.qualigate.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * A request path as the server's routing understands it, so that a security decision made on the path
 * cannot be fooled by another spelling of it (decision 0024). {@link #nonCanonical} says why a raw path
 * is not in its one canonical spelling (such requests are refused outright); {@link #normalised} gives the
 * path a decision must look at: percent-escapes decoded, path parameters ({@code ;jsessionid=…}) removed,
 * repeated slashes collapsed, dot segments resolved, and lower-cased for comparing prefixes.
 */
public final class RequestPath {

    private static final String UNRESERVED_MARKS = "-._~";

    private RequestPath() {}

    /**
     * Why the raw (still encoded) path is not canonical, or empty. RFC 3986 §2.3 and §6.2.2.2: an unreserved
     * character (letters, digits, {@code - . _ ~}) is never percent-encoded by a conforming client, and a
     * path that encodes one ({@code /%61pi/…}) is another spelling of a route; so is a malformed escape.
     */
    public static Optional<String> nonCanonical(String rawPath) {
        int end = rawPath.indexOf('?');
        String path = end < 0 ? rawPath : rawPath.substring(0, end);
        return nonCanonicalPath(path);
    }

    private static Optional<String> nonCanonicalPath(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            if (rawPath.charAt(i) != '%') {
                continue;
            }
            if (i + 2 >= rawPath.length() || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
                return Optional.of("the path has a malformed percent-escape at character " + (i + 1));
            }
            char decoded = (char) (hex(rawPath.charAt(i + 1)) * 16 + hex(rawPath.charAt(i + 2)));
            if (isUnreserved(decoded)) {
                return Optional.of("the path percent-encodes '" + decoded + "' (" + rawPath.substring(i, i + 3)
                        + "), which is never encoded; send the path as '" + decoded + "'");
            }
            i += 2;
        }
        return Optional.empty();
    }

    /** The path a routing or security decision must look at (see the class comment); never null. */
    public static String normalised(String rawPath) {
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : rawPath.split("/", -1)) {
            int semicolon = raw.indexOf(';');
            String segment = decode(semicolon >= 0 ? raw.substring(0, semicolon) : raw);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        String path = "/" + String.join("/", segments);
        return path.toLowerCase(Locale.ROOT);
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%'
                    && i + 2 < segment.length()
                    && hex(segment.charAt(i + 1)) >= 0
                    && hex(segment.charAt(i + 2)) >= 0) {
                bytes.write(hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || UNRESERVED_MARKS.indexOf(c) >= 0;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
