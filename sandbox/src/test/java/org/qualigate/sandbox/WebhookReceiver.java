package org.qualigate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * Qualigate's webhook endpoint as the simulators' tests see it: a real HTTP server on a free loopback port that
 * keeps every delivery with its Standard Webhooks headers, and answers as the test tells it to.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One delivery as it arrived. */
    record Received(String id, String timestamp, String signature, byte[] body) {
        JsonNode json() {
            return SandboxHttp.JSON.readTree(body);
        }
    }

    /** How the receiver answers a delivery it has kept. */
    @FunctionalInterface
    interface Answer {
        void to(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private WebhookReceiver(String path, Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(path, exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.add(new Received(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    body));
            answer.to(exchange);
            exchange.close();
        });
        server.start();
    }

    /** A receiver on {@code path} that accepts every delivery with 202 and no body. */
    static WebhookReceiver accepting(String path) throws IOException {
        return new WebhookReceiver(path, exchange -> exchange.sendResponseHeaders(202, -1));
    }

    /** A receiver on {@code path} that answers each delivery as {@code answer} says. */
    static WebhookReceiver answering(String path, Answer answer) throws IOException {
        return new WebhookReceiver(path, answer);
    }

    /** Where the simulators send to (Qualigate's base address). */
    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The deliveries so far, in the order they arrived. */
    ConcurrentLinkedQueue<Received> received() {
        return received;
    }

    /** Waits until {@code count} deliveries arrived or {@code timeout} passed; the deliveries then. */
    ConcurrentLinkedQueue<Received> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
