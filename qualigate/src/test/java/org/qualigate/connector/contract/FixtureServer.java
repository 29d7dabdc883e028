package org.qualigate.connector.contract;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that answers documented payloads as they are, on a real port: a vendor's answer for the adapter to read
 * over HTTP, without any simulator logic in between. Each path prefix answers one status and body; hits are counted.
 */
public final class FixtureServer implements AutoCloseable {

    private record Answer(int status, String contentType, byte[] body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public FixtureServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            Answer answer = answers.entrySet().stream()
                    .filter(e -> path.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .map(Map.Entry::getValue)
                    .orElse(new Answer(404, "text/plain", ("no fixture at " + path).getBytes()));
            answers.keySet().stream()
                    .filter(path::startsWith)
                    .forEach(k ->
                            hits.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet());
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers every path starting with {@code prefix} with this status and JSON body. */
    public FixtureServer json(String prefix, int status, byte[] body) {
        answers.put(prefix, new Answer(status, "application/json;charset=UTF-8", body));
        return this;
    }

    public int hits(String prefix) {
        AtomicInteger n = hits.get(prefix);
        return n == null ? 0 : n.get();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
