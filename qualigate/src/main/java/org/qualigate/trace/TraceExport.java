package org.qualigate.trace;

import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Qualigate's trace as Micrometer Tracing spans on the OpenTelemetry SDK that Spring Boot configures (decision 0076).
 * The SDK starts a mirrored step's span with the step's own ids ({@link PinnedSpanIds}), so a collector and the page
 * "follow this event" name the same trace and spans. Spans leave the process only through an exporter, and Boot
 * makes the OTLP one only when {@code management.opentelemetry.tracing.export.otlp.endpoint} is set: without it (the
 * embedded default, the tests) the steps are not mirrored at all.
 */
@Configuration(proxyBeanMethods = false)
class TraceExport {

    @Bean
    SdkTracerProviderBuilderCustomizer pinnedSpanIds(ObjectProvider<Sampler> configured) {
        Sampler otherwise = configured.getIfAvailable(() -> Sampler.parentBased(Sampler.alwaysOn()));
        return builder -> builder.setIdGenerator(new PinnedSpanIds()).setSampler(PinnedSpanIds.sampler(otherwise));
    }

    @Bean
    StepSpans stepSpans(ObjectProvider<Tracer> tracer, ObjectProvider<SpanExporter> exporters) {
        Tracer t = tracer.getIfAvailable();
        boolean exported = exporters.stream().findAny().isPresent();
        return t != null && exported && t != Tracer.NOOP ? new MicrometerStepSpans(t) : StepSpans.NONE;
    }
}
