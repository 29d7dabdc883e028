package org.qualigate.connector.maximo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.Row;
import org.qualigate.connector.EquipmentCalibrations.Status;
import org.qualigate.connector.TargetException;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Maximo adapter against recorded answers in Maximo's documented shapes (lean and namespaced collections, paging
 * by {@code responseInfo.nextPage}, nulls left out, the {@code Error} body), served over real HTTP.
 */
class MaximoAssetsTest {

    private static final String KEY = "test-apikey";
    private final Map<String, String> pages = new ConcurrentHashMap<>();
    private final List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;
    private int failWith;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/maximo";
        server.createContext("/maximo", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String body;
        int status = 200;
        if (!KEY.equals(exchange.getRequestHeaders().getFirst("apikey"))) {
            status = 401;
            body =
                    "{\"Error\":{\"reasonCode\":\"BMXAA0021E\",\"message\":\"BMXAA0021E - not valid\",\"statusCode\":\"401\"}}";
        } else if (failWith != 0) {
            status = failWith;
            body = recorded("error-503.json");
        } else if (exchange.getRequestMethod().equals("POST")) {
            posts.add(Map.of(
                    "path", exchange.getRequestURI().getPath(),
                    "override", String.valueOf(exchange.getRequestHeaders().getFirst("x-method-override")),
                    "body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        } else {
            String page = query != null && query.contains("pageno=2") ? "2" : "1";
            body = pages.get(page);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String recorded(String name) throws IOException {
        try (InputStream in = MaximoAssetsTest.class.getResourceAsStream("/maximo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{base}", base);
        }
    }

    private MaximoAssets adapter() {
        return new MaximoAssets(
                "maximo",
                new MaximoSettings(base, KEY, null, null, null, 2, Duration.ofSeconds(5)),
                org.qualigate.trace.Traces.CallRecorder.NONE);
    }

    @Verifies("URS-QEV-209")
    @Test
    void readsEveryPageKeepsUnusableAssetsWithTheirReasonAndAcceptsMissingOptionalAttributes() throws IOException {
        pages.put("1", recorded("assets-lean-page1.json"));
        pages.put("2", recorded("assets-lean-page2.json"));

        List<Row> rows = adapter().readAll();

        assertThat(rows).hasSize(6);
        Calibration balance = rows.get(0).calibration();
        assertThat(balance).isNotNull();
        assertThat(balance.status()).isEqualTo(Status.CALIBRATED);
        assertThat(balance.dueDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(balance.lastCalibration()).isEqualTo(LocalDate.of(2026, 9, 2));
        assertThat(balance.sourceStatus()).isEqualTo("OPERATING/PASS");
        assertThat(balance.reference()).startsWith(base + "/api/os/mxapiasset/_");
        Calibration noDates = rows.get(1).calibration();
        assertThat(noDates).isNotNull();
        assertThat(noDates.dueDate()).isNull();
        assertThat(noDates.lastCalibration()).isNull();
        assertThat(rows.get(2).field()).isEqualTo("status");
        assertThat(rows.get(2).reason()).isEqualTo("unknown asset status IN REPAIR");
        assertThat(rows.get(3).field()).isEqualTo("pluscduedate");
        assertThat(rows.get(3).reason()).contains("next spring");
        assertThat(rows.get(4).calibration().status()).isEqualTo(Status.OUT_OF_TOLERANCE);
        assertThat(rows.get(5).field()).isEqualTo("assetnum");
        assertThat(new String(rows.get(5).raw(), StandardCharsets.UTF_8)).contains("5000016");
    }

    @Test
    void readsTheNamespacedFormToo() throws IOException {
        pages.put("1", recorded("assets-namespaced.json"));

        List<Row> rows = adapter().readAll();

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.calibration().assetNumber()).isEqualTo("IND-BAL-0044");
            assertThat(r.calibration().site()).isEqualTo("IND");
            assertThat(r.calibration().status()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(r.calibration().dueDate()).isEqualTo(LocalDate.of(2026, 11, 30));
        });
    }

    @Test
    void neverFollowsAPageLinkToAnotherHost() throws IOException {
        pages.put(
                "1",
                recorded("assets-lean-page1.json")
                        .replace(
                                base + "/api/os/mxapiasset?lean=1&oslc.pageSize=2&pageno=2",
                                "http://elsewhere.example/maximo/api/os/mxapiasset?pageno=2"));

        assertThatThrownBy(() -> adapter().readAll())
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("another host")
                .satisfies(e -> assertThat(((TargetException) e).isTransient()).isFalse());
    }

    @Test
    void aServerErrorIsTransientAndNamesMaximosReason() {
        failWith = 503;

        assertThatThrownBy(() -> adapter().readAll())
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("BMXAA4211E")
                .satisfies(e -> assertThat(((TargetException) e).isTransient()).isTrue());
    }

    @Test
    void correctsAnAssetByPostWithMethodOverride() throws IOException {
        pages.put("1", recorded("assets-namespaced.json"));
        Calibration asset = adapter().readAll().getFirst().calibration();

        adapter()
                .correct(
                        asset,
                        Status.CALIBRATED,
                        LocalDate.of(2027, 3, 1),
                        LocalDate.of(2026, 12, 1),
                        LocalDate.of(2026, 12, 6));

        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.get("path")).isEqualTo("/maximo/api/os/mxapiasset/_SU5ELUJBTC0wMDQ0L0lORA--");
            assertThat(p.get("override")).isEqualTo("PATCH");
            JsonNode body = JsonMapper.builder().build().readTree(p.get("body"));
            assertThat(body.path("status").asString()).isEqualTo("OPERATING");
            assertThat(body.path("qgcalresult").asString()).isEqualTo("PASS");
            assertThat(body.path("pluscduedate").asString()).isEqualTo("2027-03-01T00:00:00+00:00");
            assertThat(body.path("qglastcaldate").asString()).isEqualTo("2026-12-01T00:00:00+00:00");
        });
    }
}
