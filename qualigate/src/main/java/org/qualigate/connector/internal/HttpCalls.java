package org.qualigate.connector.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.qualigate.connector.TargetException;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.Traces;

/**
 * The one way every adapter calls an outside system over HTTP: the request is sent here and nowhere else, so what
 * every call needs is done once — a failure to get an answer classified as transient, the thread's interrupt kept,
 * and a W3C {@code traceparent} on the request: a new span of the trace in force (decision 0065), recorded as a step
 * of that trace with the answer's status. What the answer means — which status is permanent, what a
 * {@code Retry-After} asks — stays with each adapter, since it is the vendor's. Each adapter holds one, made of its
 * HTTP client and the call recorder of the application that built it, so a call is recorded where it was made.
 */
public final class HttpCalls {

    private final HttpClient http;
    private final Traces.CallRecorder recorder;

    public HttpCalls(HttpClient http, Traces.CallRecorder recorder) {
        this.http = http;
        this.recorder = recorder;
    }

    /** On a JDK HTTP client of its own that connects within {@code connectTimeout} and never follows a redirect. */
    public static HttpCalls withoutRedirects(Duration connectTimeout, Traces.CallRecorder recorder) {
        return new HttpCalls(
                HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                recorder);
    }

    /**
     * The answer to {@code request}, read as text; a failure to get one says {@code prefix + call + " failed: "} and
     * the cause, an interruption {@code prefix + "interrupted"} (the thread's interrupt is kept).
     */
    public HttpResponse<String> send(HttpRequest request, String prefix, String call) {
        return send(
                request,
                prefix + call,
                HttpResponse.BodyHandlers.ofString(),
                e -> prefix + call + " failed: " + e,
                prefix + "interrupted");
    }

    /**
     * The answer to {@code request}, its body read by {@code body} (text, bytes); no answer at all — not reachable,
     * no answer within the request's own timeout, the connection lost — is a transient failure that says
     * {@code failed.apply(cause)}, an interruption one that says {@code interrupted} (the thread's interrupt is kept).
     */
    public <T> HttpResponse<T> send(
            HttpRequest request,
            HttpResponse.BodyHandler<T> body,
            Function<IOException, String> failed,
            String interrupted) {
        return send(
                request,
                request.method() + " " + request.uri().getAuthority()
                        + request.uri().getPath(),
                body,
                failed,
                interrupted);
    }

    private <T> HttpResponse<T> send(
            HttpRequest request,
            String step,
            HttpResponse.BodyHandler<T> body,
            Function<IOException, String> failed,
            String interrupted) {
        Traces.Outbound outbound = Traces.outbound(step, recorder);
        HttpRequest traced = HttpRequest.newBuilder(
                        request, (name, value) -> !name.equalsIgnoreCase(TraceParent.HEADER))
                .header(TraceParent.HEADER, outbound.sent().header())
                .build();
        try {
            HttpResponse<T> response = http.send(traced, body);
            outbound.call().answered(response.statusCode());
            return response;
        } catch (IOException e) {
            outbound.call().failed("no answer: " + e.getClass().getSimpleName());
            throw TargetException.transientFailure(failed.apply(e), e);
        } catch (InterruptedException e) {
            outbound.call().failed("interrupted");
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure(interrupted, e);
        }
    }
}
