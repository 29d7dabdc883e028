package org.qualigate.trace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step recorded under a trace: an event received, work planned, or a call to another system with its answer.
 *
 * @param spanId the step's own span (for a call, the span sent in its {@code traceparent})
 * @param parentSpanId the span it was made under, null for the first
 * @param outcome for a call the answer's HTTP status or why none came; for the others what became of the step
 * @param endedAt when a call's answer came (or it failed); null for a step without duration
 */
record TraceStep(
        String traceId,
        String spanId,
        @Nullable String parentSpanId,
        Kind kind,
        String name,
        @Nullable String outcome,
        Instant startedAt,
        @Nullable Instant endedAt) {

    /** What kind of step it was. */
    enum Kind {
        INTAKE,
        PLAN,
        CALL
    }
}
