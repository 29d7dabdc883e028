package org.qualigate.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The ids of the OpenTelemetry SDK's spans. A step Qualigate recorded already has its ids — they were sent in a
 * {@code traceparent}, stored with the work and with the step — so the span that mirrors it is started with those
 * ids pinned on the starting thread, and sampled as the trace's flags say (the sender's decision, or Qualigate's own
 * for a trace it started). Every other span (the framework's observations of requests) gets random ids and the
 * configured sampler's decision, as without Qualigate.
 */
final class PinnedSpanIds implements IdGenerator {

    /** The ids and the sampled flag the next span started on this thread must have. */
    record Pin(String traceId, String spanId, boolean sampled) {}

    private static final ThreadLocal<@Nullable Pin> PIN = new ThreadLocal<>();

    private final IdGenerator otherwise = IdGenerator.random();

    /** Starts a span with {@code start} while {@code pin} holds on this thread. */
    static <T> T startWith(Pin pin, Supplier<T> start) {
        PIN.set(pin);
        try {
            return start.get();
        } finally {
            PIN.remove();
        }
    }

    @Override
    public String generateSpanId() {
        Pin pin = PIN.get();
        return pin == null ? otherwise.generateSpanId() : pin.spanId();
    }

    @Override
    public String generateTraceId() {
        Pin pin = PIN.get();
        return pin == null ? otherwise.generateTraceId() : pin.traceId();
    }

    /** A sampler that follows a pinned span's flag, and {@code otherwise} for every other span. */
    static Sampler sampler(Sampler otherwise) {
        return new Sampler() {
            @Override
            public SamplingResult shouldSample(
                    Context parentContext,
                    String traceId,
                    String name,
                    SpanKind spanKind,
                    Attributes attributes,
                    List<LinkData> parentLinks) {
                Pin pin = PIN.get();
                if (pin == null) {
                    return otherwise.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
                }
                return pin.sampled() ? SamplingResult.recordAndSample() : SamplingResult.drop();
            }

            @Override
            public String getDescription() {
                return "QualigatePinnedSpans{otherwise=" + otherwise.getDescription() + "}";
            }
        };
    }
}
