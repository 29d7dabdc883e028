package org.qualigate.sandbox;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What became of one webhook: the last HTTP status (0 when no answer came), the response body, and how many
 * attempts it took.
 *
 * @param error why no answer came (connection refused, timeout), null when one did
 */
public record SendResult(
        String webhookId,
        int status,
        String body,
        int attempts,
        @Nullable String error) {

    public SendResult {
        Objects.requireNonNull(webhookId, "webhookId");
        Objects.requireNonNull(body, "body");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1");
        }
    }

    /** A 2xx answer. */
    public boolean accepted() {
        return status >= 200 && status < 300;
    }

    /** Whether a real sender would try again: no answer, 429 or 5xx. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }
}
