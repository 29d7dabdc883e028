package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.TemporalUnitWithinOffset;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.internal.HttpCalls;
import org.qualigate.support.QualigateIT;
import org.qualigate.support.TestClock;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.TraceSteps;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Qualigate's trace exported over OTLP (decision 0076), in the smallest context that proves it: the trace module, the
 * OpenTelemetry SDK and OTLP exporter as Spring Boot configures them when an endpoint is set, the embedded database,
 * a collector's OTLP/HTTP receiver and an ERP that logs the {@code traceparent} it receives. A webhook is received
 * through the intake's trace filter and, under its trace, the ERP is called through the one outbound HTTP path: the
 * spans the collector decodes carry the stored trace id, span ids, parents and times. The context is closed after the
 * class, so that its steps store stops recording the calls of the service's own context in the same JVM.
 */
@SpringBootTest(
        classes = TraceExportedOverOtlpIT.TraceSlice.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "qualigate.embedded-postgres.data-directory=")
@DirtiesContext
class TraceExportedOverOtlpIT {

    private static final String SENDERS_SPAN = "00f067aa0ba902b7";
    private static final TemporalUnitWithinOffset MICROSECOND = new TemporalUnitWithinOffset(1, ChronoUnit.MICROS);
    private static final OtlpReceiver COLLECTOR = OtlpReceiver.start();
    private static final Erp ERP = Erp.start();

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class,
        OpenTelemetrySdkAutoConfiguration.class,
        OpenTelemetryTracingAutoConfiguration.class,
        OtlpTracingAutoConfiguration.class
    })
    @ComponentScan(basePackageClasses = TraceSteps.class)
    static class TraceSlice {

        @Bean
        TestClock clock() {
            return new TestClock(QualigateIT.START);
        }
    }

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", COLLECTOR::endpoint);
    }

    @Autowired
    private TraceSteps steps;

    @Autowired
    private TestClock clock;

    @Autowired
    private SdkTracerProvider tracerProvider;

    @Autowired
    private JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        COLLECTOR.close();
        ERP.close();
    }

    @Verifies({"URS-INT-325", "URS-INT-326"})
    @Test
    void aWebhooksReceiptAndItsCallToTheErpReachTheCollectorAsSpansWithTheStoredIdsAndTimes() throws Exception {
        // Given a QMS that sends its NC under a trace of its own (sampled)
        String traceId = TraceParent.start().traceId();

        // When the hook is received, and under its trace the ERP is called by an adapter that set a traceparent itself
        MockHttpServletResponse answer = receive(traceId, "01");
        assertThat(answer.getStatus()).isEqualTo(202);

        // Then the ERP received one traceparent, a new span of the sender's trace
        assertThat(ERP.traceparents).hasSize(1);
        assertThat(ERP.traceparents.getFirst()).hasSize(1);
        TraceParent atErp =
                TraceParent.parse(ERP.traceparents.getFirst().getFirst()).orElseThrow();
        assertThat(atErp.traceId()).isEqualTo(traceId);

        // And the collector receives the stored steps as spans: same ids, same parents, same times
        List<Stored> stored = stored(traceId);
        assertThat(stored).extracting(Stored::kind).containsExactly("INTAKE", "CALL");
        Stored intake = stored.get(0);
        Stored call = stored.get(1);
        assertThat(intake.parentSpanId()).isEqualTo(SENDERS_SPAN);
        assertThat(call.spanId()).isEqualTo(atErp.spanId());
        assertThat(call.parentSpanId()).isEqualTo(intake.spanId());

        assertThat(tracerProvider.forceFlush().join(60, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        List<OtlpReceiver.Received> exported = COLLECTOR.spans(traceId);
        assertThat(exported).hasSize(2);
        assertThat(exported).allSatisfy(s -> assertThat(s.service()).isEqualTo("qualigate"));
        OtlpReceiver.Received server = only(exported, Span.SpanKind.SPAN_KIND_SERVER);
        OtlpReceiver.Received client = only(exported, Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(server.spanId()).isEqualTo(intake.spanId());
        assertThat(server.parentSpanId()).isEqualTo(SENDERS_SPAN);
        assertThat(server.span().getName()).isEqualTo("POST /api/v1/hooks/trackwise");
        assertThat(server.attribute("http.response.status_code")).isEqualTo("202");
        assertThat(client.spanId()).isEqualTo(call.spanId());
        assertThat(client.parentSpanId()).isEqualTo(intake.spanId());
        assertThat(client.attribute("http.response.status_code")).isEqualTo("201");
        // the database keeps microseconds
        assertThat(nanos(client.span().getStartTimeUnixNano())).isCloseTo(call.startedAt(), MICROSECOND);
        assertThat(nanos(client.span().getEndTimeUnixNano())).isCloseTo(call.endedAt(), MICROSECOND);
        assertThat(call.endedAt()).isAfterOrEqualTo(call.startedAt().plusMillis(25));
        assertThat(nanos(server.span().getStartTimeUnixNano())).isCloseTo(intake.startedAt(), MICROSECOND);
        assertThat(nanos(server.span().getEndTimeUnixNano())).isCloseTo(intake.endedAt(), MICROSECOND);
    }

    @Verifies("URS-INT-327")
    @Test
    void aTraceTheSenderDidNotSampleIsFollowedOnItsPageButNotExported() throws Exception {
        // Given a sender whose traceparent says "not sampled"
        String traceId = TraceParent.start().traceId();

        // When its hook is received and the ERP called under its trace
        assertThat(receive(traceId, "00").getStatus()).isEqualTo(202);

        // Then Qualigate stores both steps, and the ERP received the sender's decision with its span
        assertThat(stored(traceId)).extracting(Stored::kind).containsExactly("INTAKE", "CALL");
        assertThat(ERP.traceparents.getLast().getFirst()).endsWith("-00");
        // and nothing of the trace leaves the process
        assertThat(tracerProvider.forceFlush().join(60, TimeUnit.SECONDS).isSuccess())
                .isTrue();
        assertThat(COLLECTOR.spans(traceId)).isEmpty();
    }

    private MockHttpServletResponse receive(String traceId, String flags) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/hooks/trackwise");
        request.addHeader(TraceParent.HEADER, "00-" + traceId + "-" + SENDERS_SPAN + "-" + flags);
        MockHttpServletResponse response = new MockHttpServletResponse();
        ERP.clock = clock;
        new TracedHooks.Filter(steps, clock).doFilter(request, response, (req, res) -> {
            clock.advance(Duration.ofMillis(3));
            HttpRequest post = HttpRequest.newBuilder(ERP.uri())
                    .header(TraceParent.HEADER, TraceParent.start().header())
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> posted = new HttpCalls(http, steps.calls()).send(post, "ERP ", "material document");
            assertThat(posted.statusCode()).isEqualTo(201);
            clock.advance(Duration.ofMillis(2));
            ((HttpServletResponse) res).setStatus(202);
        });
        return response;
    }

    private record Stored(String spanId, String parentSpanId, String kind, Instant startedAt, Instant endedAt) {}

    private List<Stored> stored(String traceId) {
        steps.timeline(traceId, List.of()); // writes what is kept in memory
        return jdbc.sql("SELECT span_id, parent_span_id, kind, started_at, ended_at FROM trace_step"
                        + " WHERE trace_id = ? ORDER BY started_at, id")
                .param(traceId)
                .query((rs, n) -> new Stored(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    private static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, Span.SpanKind kind) {
        List<OtlpReceiver.Received> of =
                spans.stream().filter(s -> s.span().getKind() == kind).toList();
        assertThat(of).hasSize(1);
        return of.getFirst();
    }

    private static Instant nanos(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    /** An ERP's material document service that logs every traceparent header it receives, and moves the clock. */
    private static final class Erp implements AutoCloseable {

        final List<List<String>> traceparents = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private volatile @Nullable TestClock clock;

        private Erp(HttpServer server) {
            this.server = server;
        }

        static Erp start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
                Erp erp = new Erp(server);
                server.createContext("/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader", x -> {
                    try (x) {
                        erp.traceparents.add(List.copyOf(x.getRequestHeaders().getOrDefault("traceparent", List.of())));
                        x.getRequestBody().readAllBytes();
                        TestClock moved = erp.clock;
                        if (moved != null) {
                            moved.advance(Duration.ofMillis(25));
                        }
                        x.sendResponseHeaders(201, -1);
                    }
                });
                server.start();
                return erp;
            } catch (IOException e) {
                throw new IllegalStateException("the ERP stand-in could not start", e);
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/A_MaterialDocumentHeader");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
