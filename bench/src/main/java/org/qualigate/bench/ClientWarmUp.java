package org.qualigate.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmark client's own reading and hashing compiled before the measured calls: answers of the report's size,
 * of its own (JSON-like bytes from a server in this JVM, sent chunked as the service sends its answer), read by the
 * path every measured call takes ({@link ReportComparison#read}), with and without the digest. What the client's JIT
 * compilers spend is a property of the measuring tool, not of the service; without this, the first call's client CPU
 * carried about 400 ms of it (decision 0088). The service and PostgreSQL are not called.
 */
final class ClientWarmUp {

    private ClientWarmUp() {}

    /**
     * Reads {@code rounds} answers of {@code bytes} each, alternately hashed and not; returns a sentence for the
     * report's header saying what was read and the CPU this JVM spent on it.
     */
    static String run(int rounds, long bytes) throws IOException {
        byte[] piece = piece();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/warm-up", exchange -> {
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked, as the service streams its answer
            try (OutputStream out = exchange.getResponseBody()) {
                for (long left = bytes; left > 0; left -= piece.length) {
                    out.write(piece, 0, (int) Math.min(piece.length, left));
                }
            }
        });
        server.start();
        long cpuBefore = ownCpuMs();
        long read = 0;
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up");
            for (int i = 0; i < rounds; i++) {
                read += ReportComparison.read(uri, "Basic d2FybTp1cA==", i % 2 == 0)
                        .bytes();
            }
        } finally {
            server.stop(0);
        }
        return String.format(
                Locale.ROOT,
                "the client's reading and hashing compiled before the calls on %d answers of its own (%,d bytes in"
                        + " all, half of them hashed, from a server in the client's JVM; %,d ms of the client's CPU),"
                        + " not counted in any call",
                rounds,
                read,
                ownCpuMs() - cpuBefore);
    }

    /** 64 KB of text shaped like the report's lines. */
    private static byte[] piece() {
        byte[] line =
                "{\"employeeId\":\"B0000001\",\"name\":\"Given Family1\",\"qualifications\":[{\"code\":\"GMP\"}]},"
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] piece = new byte[64 * 1024];
        for (int at = 0; at < piece.length; at += line.length) {
            System.arraycopy(line, 0, piece, at, Math.min(line.length, piece.length - at));
        }
        return piece;
    }

    private static long ownCpuMs() {
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(java.time.Duration::toMillis)
                .orElse(-1L);
    }
}
