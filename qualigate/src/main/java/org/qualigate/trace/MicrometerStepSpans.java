package org.qualigate.trace;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Each recorded step as a Micrometer Tracing span (on OpenTelemetry), with the step's trace id, span id, parent span
 * and times: a receipt as the server span of its request, a call as a client span (its id is the one the called
 * system received in its {@code traceparent}), work planned as a producer span (it starts work a worker does later). The answer's status is the span's
 * {@code http.response.status_code}; a call that got none names why in {@code error.type}.
 */
final class MicrometerStepSpans implements StepSpans {

    private final Tracer tracer;

    MicrometerStepSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void ended(TraceStep step, boolean sampled) {
        Span.Builder builder = tracer.spanBuilder()
                .name(step.name())
                .kind(kind(step.kind()))
                .tag("qualigate.step", step.kind().name().toLowerCase(Locale.ROOT))
                .startTimestamp(nanos(step.startedAt()), TimeUnit.NANOSECONDS);
        if (step.parentSpanId() == null) {
            // never the span that happens to be current on this thread (a request's observation)
            builder.setNoParent();
        } else {
            builder.setParent(tracer.traceContextBuilder()
                    .traceId(step.traceId())
                    .spanId(step.parentSpanId())
                    .sampled(sampled)
                    .build());
        }
        String outcome = step.outcome();
        if (outcome != null && step.kind() != TraceStep.Kind.PLAN) {
            if (isStatus(outcome)) {
                builder.tag("http.response.status_code", Long.parseLong(outcome));
            } else {
                builder.tag("error.type", outcome);
            }
        }
        Span span =
                PinnedSpanIds.startWith(new PinnedSpanIds.Pin(step.traceId(), step.spanId(), sampled), builder::start);
        Instant ended = step.endedAt() == null ? step.startedAt() : step.endedAt();
        span.end(nanos(ended), TimeUnit.NANOSECONDS);
    }

    private static Span.Kind kind(TraceStep.Kind kind) {
        return switch (kind) {
            case INTAKE -> Span.Kind.SERVER;
            case CALL -> Span.Kind.CLIENT;
            case PLAN -> Span.Kind.PRODUCER;
        };
    }

    private static boolean isStatus(String outcome) {
        return outcome.length() == 3 && outcome.chars().allMatch(Character::isDigit);
    }

    private static long nanos(Instant at) {
        return TimeUnit.SECONDS.toNanos(at.getEpochSecond()) + at.getNano();
    }
}
