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
    private final boolean conflict;

    private TargetException(
            String message,
            boolean transientFailure,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause,
            boolean heldBack,
            boolean conflict) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
        this.heldBack = heldBack;
        this.conflict = conflict;
    }

    private TargetException(
            String message, boolean transientFailure, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        this(message, transientFailure, retryAfter, cause, false, false);
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
        return new TargetException(message, true, wait, null, true, false);
    }

    /**
     * The target refused a change because the resource changed since it was read (HTTP 412 on If-Match), after the
     * adapter's own retries: worth retrying soon, and no sign of the target's health.
     */
    public static TargetException conflict(String message) {
        return new TargetException(message, true, null, null, false, true);
    }

    /** Whether this is a {@link #conflict}: a concurrent change, not a failure of the target. */
    public boolean isConflict() {
        return conflict;
    }

    public static TargetException permanentFailure(String message, @Nullable Throwable cause) {
        return new TargetException(message, false, null, cause);
    }

    /**
     * The failure an HTTP answer that was not a success means: {@code 429} rate-limited, with the wait its {@code
     * Retry-After} asks for in seconds; {@code 408} and {@code 5xx} transient; any other status permanent.
     */
    public static TargetException ofStatus(int status, String message, Optional<String> retryAfter) {
        if (status == 429) {
            Duration wait = retryAfter
                    .map(String::trim)
                    .filter(s -> s.matches("\\d{1,6}"))
                    .map(s -> Duration.ofSeconds(Long.parseLong(s)))
                    .orElse(null);
            return rateLimited(message, wait);
        }
        return status >= 500 || status == 408 ? transientFailure(message, null) : permanentFailure(message, null);
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
