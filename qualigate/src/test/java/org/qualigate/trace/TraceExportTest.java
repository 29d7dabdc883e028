package org.qualigate.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The trace's export is configuration (decision 0076): Spring Boot's OpenTelemetry SDK with Qualigate's pinned span
 * ids, an OTLP exporter only when its endpoint is set, and the steps reported as spans only when some exporter exists.
 */
class TraceExportTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    OpenTelemetrySdkAutoConfiguration.class,
                    OpenTelemetryTracingAutoConfiguration.class,
                    OtlpTracingAutoConfiguration.class))
            .withUserConfiguration(TraceExport.class);

    @Verifies("URS-INT-328")
    @Test
    void withoutAnEndpointNothingIsExportedAndNoStepIsReportedAsASpan() {
        context.run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c.getBeansOfType(SpanExporter.class)).isEmpty();
            assertThat(c.getBean(StepSpans.class)).isSameAs(StepSpans.NONE);
        });
    }

    @Verifies("URS-INT-328")
    @Test
    void anEndpointGivesTheOtlpExporterOverHttpAndTheStepsAreReportedAsSpans() {
        context.withPropertyValues("management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:1/v1/traces")
                .run(c -> {
                    assertThat(c.getBeansOfType(SpanExporter.class).values())
                            .singleElement()
                            .satisfies(e ->
                                    assertThat(e.getClass().getSimpleName()).isEqualTo("OtlpHttpSpanExporter"));
                    assertThat(c.getBean(StepSpans.class)).isInstanceOf(MicrometerStepSpans.class);
                });
    }

    @Verifies({"URS-INT-325", "URS-INT-327"})
    @Test
    void aStepBecomesASpanWithItsOwnIdsParentAndTimesAndAnUnsampledOneIsDropped() {
        Collected collected = new Collected();
        context.withBean("collected", SpanExporter.class, () -> collected).run(c -> {
            StepSpans spans = c.getBean(StepSpans.class);
            TraceParent sender = TraceParent.start();
            TraceParent call = sender.child();
            Instant at = Instant.parse("2026-11-20T08:00:00.000123Z");
            spans.ended(
                    new TraceStep(
                            call.traceId(),
                            call.spanId(),
                            sender.spanId(),
                            TraceStep.Kind.CALL,
                            "POST erp.example/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader",
                            "no answer: HttpTimeoutException",
                            at,
                            at.plusMillis(40)),
                    true);
            TraceParent unsampled = TraceParent.start();
            spans.ended(
                    new TraceStep(
                            unsampled.traceId(),
                            unsampled.spanId(),
                            null,
                            TraceStep.Kind.INTAKE,
                            "POST /api/v1/hooks/trackwise",
                            "202",
                            at,
                            at),
                    false);
            assertThat(c.getBean(SdkTracerProvider.class)
                            .forceFlush()
                            .join(10, TimeUnit.SECONDS)
                            .isSuccess())
                    .isTrue();

            assertThat(collected.spans).singleElement().satisfies(s -> {
                assertThat(s.getTraceId()).isEqualTo(call.traceId());
                assertThat(s.getSpanId()).isEqualTo(call.spanId());
                assertThat(s.getParentSpanId()).isEqualTo(sender.spanId());
                assertThat(s.getStartEpochNanos()).isEqualTo(1_795_161_600_000_123_000L);
                assertThat(s.getEndEpochNanos() - s.getStartEpochNanos()).isEqualTo(40_000_000L);
                assertThat(s.getAttributes().asMap().toString()).contains("error.type=no answer: HttpTimeoutException");
            });
        });
    }

    @Test
    void spansQualigateDidNotRecordKeepRandomIds() {
        Collected collected = new Collected();
        context.withBean("collected", SpanExporter.class, () -> collected).run(c -> {
            io.micrometer.tracing.Tracer tracer = c.getBean(io.micrometer.tracing.Tracer.class);
            io.micrometer.tracing.Span a = tracer.nextSpan().start();
            io.micrometer.tracing.Span b = tracer.nextSpan().start();

            assertThat(a.context().traceId()).isNotEqualTo(b.context().traceId());
            assertThat(a.context().spanId()).isNotEqualTo(b.context().spanId());
            a.end();
            b.end();
        });
    }

    /** An exporter that keeps what it is given, in place of a collector. */
    private static final class Collected implements SpanExporter {

        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
