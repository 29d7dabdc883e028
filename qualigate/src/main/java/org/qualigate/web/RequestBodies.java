package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;

/** Reads request bodies with an upper bound, so no caller can make the service buffer without limit. */
final class RequestBodies {

    private RequestBodies() {}

    /** The body, or empty when it is longer than {@code max} bytes (nothing more than max + 1 is read). */
    static Optional<byte[]> upTo(HttpServletRequest request, int max) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(max + 1);
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
