package org.qualigate.connector;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A call to an outside system over HTTP whose answer is read as text; no answer at all is a transient failure. */
public final class HttpCalls {

    private HttpCalls() {}

    /**
     * The answer to {@code request}; a failure to get one says {@code prefix + call + " failed: "} and the cause, an
     * interruption {@code prefix + "interrupted"} (the thread's interrupt is kept).
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, String prefix, String call) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw TargetException.transientFailure(prefix + call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TargetException.transientFailure(prefix + "interrupted", e);
        }
    }
}
