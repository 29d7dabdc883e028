package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientWarmUpTest {

    @Test
    void readsEveryByteOfAChunkedAnswerAndHashesItAsTheJdkDoes() throws Exception {
        byte[] answer = new byte[300_001];
        new Random(14).nextBytes(answer);
        HttpServer server = server(200, answer);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/answer");

            ReportComparison.Read hashed = ReportComparison.read(uri, "Basic eDp5", true);
            ReportComparison.Read counted = ReportComparison.read(uri, "Basic eDp5", false);

            assertThat(hashed.bytes()).isEqualTo(answer.length);
            assertThat(hashed.sha256())
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(answer)));
            assertThat(counted.bytes()).isEqualTo(answer.length);
            assertThat(counted.sha256()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void refusesAnAnswerThatIsNotASuccess() throws Exception {
        HttpServer server = server(401, new byte[0]);
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/answer");

            assertThatThrownBy(() -> ReportComparison.read(uri, "Basic eDp5", false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("401");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void saysHowMuchItReadBeforeTheCalls() throws Exception {
        assertThat(ClientWarmUp.run(2, 200_000))
                .contains("on 2 answers of its own (400,000 bytes in all")
                .contains("not counted in any call");
    }

    /** An answer of {@code status} with {@code body}, sent chunked. */
    private static HttpServer server(int status, byte[] body) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/answer", exchange -> {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
