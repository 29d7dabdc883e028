package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.QualityClient.json;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.maximo.MaximoSimulator;
import tools.jackson.databind.JsonNode;

class MaximoSimulatorIT {

    static Sandbox sandbox;
    static MaximoSimulator maximo;
    static QualityClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        maximo = sandbox.quality().maximo();
        for (int i = 1; i <= 5; i++) {
            maximo.putAsset(
                    "BSL-BAL-01" + i,
                    "BSL",
                    "analytical balance",
                    "BSL-FILL-1",
                    "INSTRUMENT",
                    "OPERATING",
                    LocalDate.parse("2026-12-0" + i),
                    LocalDate.parse("2026-09-0" + i),
                    "PASS");
        }
        maximo.putAsset(
                "IND-CHK-0015", "IND", "checkweigher", "IND-PACK-2", "INSTRUMENT", "OPERATING", null, null, "PASS");
        client = new QualityClient(sandbox.quality().maximoBaseUri(), false);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clear() {
        sandbox.faults().clear();
    }

    @Test
    void pagesALeanQueryByNextPageUntilTheLastPage() {
        String first =
                "/api/os/mxapiasset?lean=1&oslc.select=assetnum,status,pluscduedate&oslc.pageSize=2&collectioncount=1"
                        + "&oslc.where="
                        + SandboxHttp.enc("siteid=\"BSL\" and pluscduedate<=\"2026-12-04T00:00:00+00:00\"");
        List<String> seen = new ArrayList<>();
        String next = first;
        JsonNode page = null;
        while (next != null) {
            page = json(client.get(next, "apikey", MaximoSimulator.API_KEY));
            page.path("member").forEach(m -> seen.add(m.path("assetnum").asString()));
            JsonNode link = page.path("responseInfo").path("nextPage").path("href");
            next = link.isMissingNode()
                    ? null
                    : link.asString()
                            .substring(
                                    sandbox.quality().maximoBaseUri().toString().length());
        }

        assertThat(seen).containsExactly("BSL-BAL-011", "BSL-BAL-012", "BSL-BAL-013", "BSL-BAL-014");
        assertThat(page.path("responseInfo").path("pagenum").asInt()).isEqualTo(2);
        assertThat(page.path("responseInfo").path("totalCount").asInt()).isEqualTo(4);
        assertThat(page.path("member").get(0).path("href").asString()).contains("/maximo/api/os/mxapiasset/_");
    }

    @Test
    void leavesOutNullsAndSpeaksTheNamespacedFormWithoutLean() {
        JsonNode lean = json(client.get(
                "/oslc/os/mxasset?lean=1&oslc.select=*&oslc.where=" + SandboxHttp.enc("assetnum=\"IND-CHK-0015\""),
                "apikey",
                MaximoSimulator.API_KEY));
        JsonNode namespaced = json(client.get(
                "/oslc/os/mxasset?oslc.select=assetnum,status&oslc.where="
                        + SandboxHttp.enc("assetnum=\"IND-CHK-0015\""),
                "apikey",
                MaximoSimulator.API_KEY));

        assertThat(lean.path("member").get(0).has("pluscduedate")).isFalse();
        assertThat(lean.path("member").get(0).path("status").asString()).isEqualTo("OPERATING");
        assertThat(namespaced.path("rdfs:member").get(0).path("spi:assetnum").asString())
                .isEqualTo("IND-CHK-0015");
        assertThat(namespaced.path("oslc:responseInfo").path("spi:pagenum").asInt())
                .isEqualTo(1);
    }

    @Test
    void updatesAnAssetByPostWithMethodOverrideAndLogsIt() {
        String href = json(client.get(
                        "/api/os/mxapiasset?lean=1&oslc.where=" + SandboxHttp.enc("assetnum=\"BSL-BAL-015\""),
                        "apikey",
                        MaximoSimulator.API_KEY))
                .path("member")
                .get(0)
                .path("href")
                .asString();
        String path =
                href.substring(sandbox.quality().maximoBaseUri().toString().length());
        long before = sandbox.sideEffects().latestSeq();

        HttpResponse<String> updated = client.post(
                path + "?lean=1",
                "{\"status\":\"BROKEN\",\"qgcalresult\":\"FAIL\"}",
                "apikey",
                MaximoSimulator.API_KEY,
                "x-method-override",
                "PATCH",
                "patchtype",
                "MERGE");
        HttpResponse<String> invalid = client.post(
                path + "?lean=1",
                "{\"status\":\"MELTED\"}",
                "apikey",
                MaximoSimulator.API_KEY,
                "x-method-override",
                "PATCH");
        HttpResponse<String> stale = client.post(
                path + "?lean=1",
                "{\"status\":\"OPERATING\"}",
                "apikey",
                MaximoSimulator.API_KEY,
                "x-method-override",
                "PATCH",
                "If-Match",
                "1");

        assertThat(updated.statusCode()).isEqualTo(204);
        assertThat(maximo.asset("BSL-BAL-015").orElseThrow().calibrationResult())
                .isEqualTo("FAIL");
        assertThat(sandbox.sideEffects().since(before))
                .singleElement()
                .satisfies(e -> assertThat(e.target()).isEqualTo("maximo"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).path("Error").path("reasonCode").asString()).startsWith("BMXAA");
        assertThat(json(invalid).path("Error").path("errorattrname").asString()).isEqualTo("status");
        assertThat(stale.statusCode()).isEqualTo(412);
    }

    @Test
    void refusesAMissingApiKeyAndPlaysFaultsInMaximosErrorShape() {
        HttpResponse<String> anonymous = client.get("/api/os/mxapiasset?lean=1");
        sandbox.faults().inject(Fault.error("maximo", "GET /mxapiasset", 500, 1));
        HttpResponse<String> failed = client.get("/api/os/mxapiasset?lean=1", "apikey", MaximoSimulator.API_KEY);
        HttpResponse<String> malformed = client.get(
                "/api/os/mxapiasset?lean=1&oslc.where=" + SandboxHttp.enc("status in OPERATING"),
                "apikey",
                MaximoSimulator.API_KEY);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).path("Error").path("statusCode").asString()).isEqualTo("401");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).path("Error").path("reasonCode").asString()).startsWith("BMXAA");
        assertThat(malformed.statusCode()).isEqualTo(400);
    }
}
