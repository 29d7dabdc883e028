package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;

/** Reads request bodies with an upper bound, so no caller can make the service buffer without limit. */
final class RequestBodies {

    private RequestBodies() {}

    /** The body, or empty when it is longer than {@code max} bytes (nothing more than max + 1 is read). */
    static Optional<byte[]> upTo(HttpServletRequest request, int max) throws IOException {
        java.io.InputStream in = request.getInputStream();
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared <= max) {
            // A declared length is read into an array of that size: reading up to max + 1 bytes in chunks and
            // copying them out cost the webhook path a few times its body in garbage per request.
            byte[] bytes = new byte[(int) declared];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read < bytes.length) {
                return Optional.of(java.util.Arrays.copyOf(bytes, read));
            }
            int next = in.read();
            if (next < 0) {
                return Optional.of(bytes);
            }
            // more than declared (not HTTP/1.1 as the container enforces it): read on as without a length
            byte[] rest = in.readNBytes(max - bytes.length);
            if (bytes.length + 1 + rest.length > max) {
                return Optional.empty();
            }
            byte[] all = java.util.Arrays.copyOf(bytes, bytes.length + 1 + rest.length);
            all[bytes.length] = (byte) next;
            System.arraycopy(rest, 0, all, bytes.length + 1, rest.length);
            return Optional.of(all);
        }
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? Optional.empty() : Optional.of(bytes);
    }

    /** The body, refused as an invalid {@code body} when longer than {@code max} or empty. */
    static byte[] required(HttpServletRequest request, int max, String mustHold) throws IOException {
        byte[] body = upTo(request, max)
                .orElseThrow(() -> new ApiErrors.InvalidParameter("body", "exceeds " + max + " bytes"));
        if (body.length == 0) {
            throw new ApiErrors.InvalidParameter("body", "must hold " + mustHold);
        }
        return body;
    }
}
