package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qualigate.sandbox.QualityClient.json;
import static org.qualigate.sandbox.QualityClient.q;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import tools.jackson.databind.JsonNode;

class S4HanaSimulatorIT {

    static final String MATERIAL = "000000000010004711";
    static final String DOCS = "/API_MATERIAL_DOCUMENT_SRV";
    static final String AUTH = QualityClient.basic(S4HanaSimulator.USER, S4HanaSimulator.PASSWORD);

    static Sandbox sandbox;
    static S4HanaSimulator erp;
    QualityClient client;
    String batch;
    static int batches;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        erp = sandbox.quality().erp();
        erp.addMaterial(MATERIAL, "EA");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void freshBatchAndClient() {
        sandbox.faults().clear();
        batch = "BSL25K%04d".formatted(++batches);
        erp.receive(MATERIAL, "CH10", "3000", batch, StockType.UNRESTRICTED, new BigDecimal("1200"));
        client = new QualityClient(sandbox.quality().erpBaseUri(), true);
    }

    String token() {
        HttpResponse<String> fetch = client.get(DOCS + "/", "Authorization", AUTH, "x-csrf-token", "Fetch");
        assertThat(fetch.statusCode()).isEqualTo(200);
        assertThat(fetch.headers().firstValue("set-cookie"))
                .hasValueSatisfying(c -> assertThat(c).startsWith("SAP_SESSIONID_S4H_100="));
        return fetch.headers().firstValue("x-csrf-token").orElseThrow();
    }

    String movement(String type, String quantity) {
        return q(
                "{'PostingDate':'2026-11-20T00:00:00','GoodsMovementCode':'04','MaterialDocumentHeaderText':'NC-2026-000123',"
                        + "'to_MaterialDocumentItem':[{'Material':'" + MATERIAL
                        + "','Plant':'CH10','StorageLocation':'3000',"
                        + "'Batch':'" + batch + "','GoodsMovementType':'" + type + "','QuantityInEntryUnit':'"
                        + quantity
                        + "','EntryUnit':'EA'}]}");
    }

    HttpResponse<String> post(String token, String body) {
        return client.post(DOCS + "/A_MaterialDocumentHeader", body, "Authorization", AUTH, "x-csrf-token", token);
    }

    @Test
    void postsA344WithTheFetchedTokenAndTheBatchMovesFromUnrestrictedToBlocked() {
        long before = sandbox.sideEffects().latestSeq();

        HttpResponse<String> posted = post(token(), movement("344", "1200"));

        assertThat(posted.statusCode()).isEqualTo(201);
        JsonNode d = json(posted).path("d");
        assertThat(d.path("MaterialDocument").asString()).startsWith("49");
        assertThat(d.path("to_MaterialDocumentItem")
                        .path("results")
                        .get(0)
                        .path("GoodsMovementType")
                        .asString())
                .isEqualTo("344");
        assertThat(posted.headers().firstValue("location"))
                .hasValueSatisfying(l -> assertThat(l).contains("A_MaterialDocumentHeader("));
        assertThat(erp.stock(MATERIAL, "CH10", "3000", batch, StockType.BLOCKED))
                .isEqualByComparingTo("1200");
        assertThat(sandbox.sideEffects().since(before))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.detail()).startsWith("344 " + MATERIAL + " CH10 3000 " + batch + " 1200.000 EA"));

        HttpResponse<String> stock = client.get(
                "/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$format=json&$filter="
                        + SandboxHttp.enc("Material eq '" + MATERIAL + "' and Batch eq '" + batch + "'"),
                "Authorization",
                AUTH);
        JsonNode rows = json(stock).path("d").path("results");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("InventoryStockType").asString()).isEqualTo("07");
        assertThat(rows.get(0).path("MatlWrhsStkQtyInMatlBaseUnit").asString()).isEqualTo("1200.000");
        assertThat(rows.get(0).path("MaterialBaseUnit").asString()).isEqualTo("EA");
    }

    @Test
    void a343BringsTheBlockedStockBackAndTheDocumentReadsBackWithItsItems() {
        String token = token();
        post(token, movement("344", "200"));
        HttpResponse<String> back = post(token, movement("343", "200"));

        assertThat(back.statusCode()).isEqualTo(201);
        assertThat(erp.stock(MATERIAL, "CH10", "3000", batch, StockType.UNRESTRICTED))
                .isEqualByComparingTo("1200");
        String number = json(back).path("d").path("MaterialDocument").asString();
        HttpResponse<String> read = client.get(
                DOCS + "/A_MaterialDocumentHeader(MaterialDocumentYear='2026',MaterialDocument='" + number
                        + "')?$expand=to_MaterialDocumentItem",
                "Authorization",
                AUTH);
        assertThat(json(read)
                        .path("d")
                        .path("to_MaterialDocumentItem")
                        .path("results")
                        .get(0)
                        .path("Batch")
                        .asString())
                .isEqualTo(batch);
        HttpResponse<String> byText = client.get(
                DOCS + "/A_MaterialDocumentHeader?$filter="
                        + SandboxHttp.enc("MaterialDocumentHeaderText eq 'NC-2026-000123'") + "&$inlinecount=allpages",
                "Authorization",
                AUTH);
        assertThat(Integer.parseInt(json(byText).path("d").path("__count").asString()))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void refusesAPostWithoutAValidTokenAndSessionWith403AndPostsNothing() {
        int documents = erp.documentCount();

        HttpResponse<String> noToken = post("", movement("344", "10"));
        QualityClient stranger = new QualityClient(sandbox.quality().erpBaseUri(), false);
        String token = token();
        HttpResponse<String> noCookie = stranger.post(
                DOCS + "/A_MaterialDocumentHeader",
                movement("344", "10"),
                "Authorization",
                AUTH,
                "x-csrf-token",
                token);
        erp.expireSessions();
        HttpResponse<String> expired = post(token, movement("344", "10"));

        for (HttpResponse<String> refused : java.util.List.of(noToken, noCookie, expired)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("CSRF token validation failed");
            assertThat(refused.headers().firstValue("x-csrf-token")).hasValue("Required");
        }
        assertThat(erp.documentCount()).isEqualTo(documents);
        assertThat(post(token(), movement("344", "10")).statusCode()).isEqualTo(201);
    }

    @Test
    void refusesAMovementThatWouldMakeStockNegativeWithSapsDeficitMessage() {
        HttpResponse<String> refused = post(token(), movement("344", "1500"));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused).path("error");
        assertThat(error.path("code").asString()).isEqualTo("M7/021");
        assertThat(error.path("message").path("lang").asString()).isEqualTo("en");
        assertThat(error.path("message").path("value").asString())
                .isEqualTo("Deficit of BA Unrestricted-use 300 EA : " + MATERIAL + " CH10 3000 " + batch);
        assertThat(error.path("innererror")
                        .path("errordetails")
                        .get(0)
                        .path("severity")
                        .asString())
                .isEqualTo("error");
        assertThat(erp.stock(MATERIAL, "CH10", "3000", batch, StockType.UNRESTRICTED))
                .isEqualByComparingTo("1200");
    }

    @Test
    void refusesAnUnknownBatchAndAMissingFieldAndAnswers401WithoutCredentials() {
        String token = token();
        HttpResponse<String> unknown = post(token, movement("344", "1").replace(batch, "NOSUCHBATCH"));
        HttpResponse<String> missing =
                post(token, movement("344", "1").replace("'EntryUnit':'EA'".replace('\'', '"'), "\"EntryUnit\":\"\""));
        HttpResponse<String> anonymous = client.get(DOCS + "/A_MaterialDocumentHeader");

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json(unknown).path("error").path("message").path("value").asString())
                .contains("Batch NOSUCHBATCH does not exist");
        assertThat(json(missing).path("error").path("message").path("value").asString())
                .contains("EntryUnit is required");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void pagesTheStockWithNextLinks() {
        erp.pageSize(1);
        try {
            HttpResponse<String> first = client.get(
                    "/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod?$filter="
                            + SandboxHttp.enc("Material eq '" + MATERIAL + "'"),
                    "Authorization",
                    AUTH);
            String next = json(first).path("d").path("__next").asString();
            assertThat(json(first).path("d").path("results")).hasSize(1);
            assertThat(next).contains("$skiptoken=1");
            HttpResponse<String> second = client.get(
                    next.substring(sandbox.quality().erpBaseUri().toString().length()), "Authorization", AUTH);
            assertThat(json(second).path("d").path("results")).hasSize(1);
        } finally {
            erp.pageSize(1000);
        }
    }

    @Test
    void commitThenTimeoutPostsTheMovementWhileTheClientHearsNothing() {
        String token = token();
        int documents = erp.documentCount();
        sandbox.faults()
                .inject(Fault.commitThenTimeout("erp", "POST /A_MaterialDocumentHeader", 1)
                        .withDelay(Duration.ofSeconds(3)));

        assertThatThrownBy(() -> client.send(
                        "POST",
                        DOCS + "/A_MaterialDocumentHeader",
                        movement("344", "100"),
                        Duration.ofMillis(800),
                        "Authorization",
                        AUTH,
                        "x-csrf-token",
                        token))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(erp.documentCount()).isEqualTo(documents + 1);
        assertThat(erp.stock(MATERIAL, "CH10", "3000", batch, StockType.BLOCKED))
                .isEqualByComparingTo("100");
    }

    @Test
    void aServerFaultAnswersInSapGatewaysErrorShape() {
        sandbox.faults().inject(Fault.error("erp", "GET /A_MatlStkInAcctMod", 503, 1));

        HttpResponse<String> failed = client.get("/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod", "Authorization", AUTH);

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).path("error").path("message").path("lang").asString())
                .isEqualTo("en");
        assertThat(json(failed)
                        .path("error")
                        .path("innererror")
                        .path("application")
                        .path("service_id")
                        .asString())
                .isEqualTo("API_MATERIAL_STOCK_SRV");
    }
}
