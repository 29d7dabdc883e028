package org.qualigate.sandbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One state change a simulated target made, e.g. {@code scim group.member.add BSL.FILL-1.OPERATOR E10023}.
 *
 * @param seq increasing sequence number, from 1
 * @param at when the change was applied (the sandbox clock)
 * @param target the simulated system, e.g. {@code scim}
 * @param operation what changed, e.g. {@code group.member.add}, {@code user.create}
 * @param resource the resource changed, e.g. the group display name or the user name
 * @param detail the rest, e.g. the member's user name
 * @param traceparent the W3C {@code traceparent} of the request that made the change, null when it had none
 */
public record SideEffect(
        long seq,
        Instant at,
        String target,
        String operation,
        String resource,
        String detail,
        @Nullable String traceparent) {

    /** A change made by a request without a {@code traceparent}. */
    public SideEffect(long seq, Instant at, String target, String operation, String resource, String detail) {
        this(seq, at, target, operation, resource, detail, null);
    }

    public SideEffect {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1");
        }
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(detail, "detail");
    }
}
