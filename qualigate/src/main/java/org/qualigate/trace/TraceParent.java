package org.qualigate.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A W3C Trace Context {@code traceparent} (version 00): the trace's id, the id of the span that is the parent of
 * whatever carries it, and the trace flags. Read by the rules of the recommendation's section 3.2 (lowercase hex,
 * neither id all zeros, version {@code ff} invalid, a later version read by its version-00 prefix); anything else is
 * not a traceparent, and the receiver starts a trace of its own (section 4.2) instead of refusing the request.
 */
public record TraceParent(String traceId, String spanId, String flags) {

    /** The header's name. */
    public static final String HEADER = "traceparent";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public TraceParent {
        if (!hex(traceId, 32) || traceId.equals(ZERO_TRACE)) {
            throw new IllegalArgumentException("a trace id is 32 lowercase hex digits, not all zero");
        }
        if (!hex(spanId, 16) || spanId.equals(ZERO_SPAN)) {
            throw new IllegalArgumentException("a span id is 16 lowercase hex digits, not all zero");
        }
        if (!hex(flags, 2)) {
            throw new IllegalArgumentException("trace flags are 2 lowercase hex digits");
        }
    }

    /** The traceparent in {@code header}, or empty when it is absent or not one the recommendation accepts. */
    public static Optional<TraceParent> parse(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        if (h.length() < 55 || !hex(h.substring(0, 2), 2) || h.startsWith("ff")) {
            return Optional.empty();
        }
        boolean v00 = h.startsWith("00");
        // version 00 is exactly 55 characters; a later version may add fields after a dash
        if ((v00 && h.length() != 55) || (!v00 && h.length() > 55 && h.charAt(55) != '-')) {
            return Optional.empty();
        }
        if (h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return Optional.empty();
        }
        String traceId = h.substring(3, 35);
        String spanId = h.substring(36, 52);
        String flags = h.substring(53, 55);
        if (!hex(traceId, 32) || traceId.equals(ZERO_TRACE) || !hex(spanId, 16) || spanId.equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return hex(flags, 2) ? Optional.of(new TraceParent(traceId, spanId, flags)) : Optional.empty();
    }

    /** A new trace with its first span, sampled. */
    public static TraceParent start() {
        return new TraceParent(randomHex(16, ZERO_TRACE), randomHex(8, ZERO_SPAN), "01");
    }

    /** The traceparent a receiver works under: a new span of the trace it was given, or a new trace when none. */
    public static TraceParent continuing(@Nullable String header) {
        return parse(header).map(TraceParent::child).orElseGet(TraceParent::start);
    }

    /** A new span of this trace whose parent is this span (what an outbound call sends). */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8, ZERO_SPAN), flags);
    }

    /** Whether the trace flags' sampled bit is set (W3C Trace Context section 3.2.2.5): the caller records it. */
    public boolean sampled() {
        return (HexFormat.fromHexDigits(flags) & 1) == 1;
    }

    /** The header's value, version 00. */
    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** Whether {@code value} has the form of a trace id (what a page or the API may be asked about). */
    public static boolean isTraceId(@Nullable String value) {
        return value != null && hex(value, 32) && !value.equals(ZERO_TRACE);
    }

    private static String randomHex(int bytes, String zero) {
        byte[] b = new byte[bytes];
        String s;
        do {
            RANDOM.nextBytes(b);
            s = HexFormat.of().formatHex(b);
        } while (s.equals(zero));
        return s;
    }

    private static boolean hex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
