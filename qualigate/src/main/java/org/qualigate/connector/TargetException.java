package org.qualigate.connector;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call to an outside system failed. {@link #isTransient()} tells whether retrying can help
 * (timeouts, 5xx, 429, conflicts) or not (unknown user, forbidden, invalid request).
 */
public class TargetException extends RuntimeException {

    private final boolean transientFailure;
    private final @Nullable Duration retryAfter;
    private final boolean heldBack;

    private TargetException(
            String message,
            boolean transientFailure,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause,
            boolean heldBack) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
        this.heldBack = heldBack;
    }

    private TargetException(
            String message, boolean transientFailure, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        this(message, transientFailure, retryAfter, cause, false);
    }

    public static TargetException transientFailure(String message, @Nullable Throwable cause) {
        return new TargetException(message, true, null, cause);
    }

    public static TargetException rateLimited(String message, @Nullable Duration retryAfter) {
        return new TargetException(message, true, retryAfter, null);
    }

    /**
     * The call was not made: this side held it back (an open circuit breaker, an exhausted rate limit)
     * and it may be tried again after {@code wait}. It says nothing about the target's answer.
     */
    public static TargetException heldBack(String message, Duration wait) {
        return new TargetException(message, true, wait, null, true);
    }

    public static TargetException permanentFailure(String message, @Nullable Throwable cause) {
        return new TargetException(message, false, null, cause);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** Whether the call was held back before reaching the target (see {@link #heldBack}). */
    public boolean isHeldBack() {
        return heldBack;
    }

    /** The wait the target asked for (HTTP {@code Retry-After}), if it said one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
