package org.qualigate.connector.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.TargetException;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;

/**
 * The one way an adapter sends a request, over real HTTP on the loopback: the answer comes back whatever its status
 * (what a status means is the adapter's), and no answer at all is a transient failure in the adapter's own words.
 */
class HttpCallsTest {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpCalls http = new HttpCalls(client, Traces.CallRecorder.NONE);
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/answer", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/silent", exchange -> {
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        Thread.interrupted();
        released.countDown();
        server.stop(0);
    }

    @Verifies("URS-INT-265")
    @Test
    void anAnswerComesBackWithItsStatusAndBodyForTheAdapterToJudge() {
        HttpResponse<byte[]> bytes =
                http.send(get("/answer"), HttpResponse.BodyHandlers.ofByteArray(), e -> "unreachable", "interrupted");
        HttpResponse<String> text = http.send(get("/answer"), "shop: ", "GET /answer");

        assertThat(bytes.statusCode()).isEqualTo(503);
        assertThat(new String(bytes.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(text.statusCode()).isEqualTo(503);
        assertThat(text.body()).isEqualTo("{\"ok\":true}");
    }

    @Verifies("URS-INT-265")
    @Test
    void noServerIsATransientFailureInTheAdaptersWordsWithItsCause() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/x"))
                .timeout(Duration.ofSeconds(5))
                .build();

        assertThatThrownBy(() -> http.send(request, "shop: ", "GET /x"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).startsWith("shop: GET /x failed: ");
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                });
    }

    @Verifies("URS-INT-265")
    @Test
    void noAnswerWithinTheRequestsTimeoutIsTransientAndTheAdapterSaysWhichTimeout() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/silent"))
                .timeout(Duration.ofMillis(200))
                .build();

        assertThatThrownBy(() -> http.send(
                        request,
                        HttpResponse.BodyHandlers.ofString(),
                        e -> e instanceof HttpTimeoutException ? "no answer in time" : "unreachable",
                        "interrupted"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("no answer in time");
                });
    }

    @Verifies("URS-INT-265")
    @Test
    void anInterruptedCallIsTransientAndTheThreadStaysInterrupted() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() ->
                        http.send(get("/silent"), HttpResponse.BodyHandlers.ofString(), e -> "unreachable", "stopped"))
                .isInstanceOfSatisfying(TargetException.class, e -> {
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getMessage()).isEqualTo("stopped");
                    assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
                });
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Verifies("URS-INT-277")
    @Test
    void aCallIsRecordedByTheRecorderItsCallerWasBuiltWithAndByNoOther() {
        List<String> mine = new ArrayList<>();
        List<String> anotherApplications = new ArrayList<>();
        HttpCalls own = new HttpCalls(client, recording(mine));
        HttpCalls others = new HttpCalls(client, recording(anotherApplications));

        own.send(get("/answer"), "shop: ", "GET /answer");

        assertThat(mine).containsExactly("shop: GET /answer -> 503");
        assertThat(anotherApplications).isEmpty();
        others.send(get("/answer"), "other: ", "GET /answer");
        assertThat(mine).hasSize(1);
        assertThat(anotherApplications).containsExactly("other: GET /answer -> 503");
    }

    private static Traces.CallRecorder recording(List<String> steps) {
        return (parent, sent, target) -> new Traces.Call() {
            @Override
            public void answered(int status) {
                steps.add(target + " -> " + status);
            }

            @Override
            public void failed(String reason) {
                steps.add(target + " failed: " + reason);
            }
        };
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }
}
