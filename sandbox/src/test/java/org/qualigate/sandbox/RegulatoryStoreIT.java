package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qualigate.sandbox.QualityClient.json;
import static org.qualigate.sandbox.QualityClient.q;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qualigate.sandbox.regulatory.RegulatoryStore;

class RegulatoryStoreIT {

    static final String AUTH = "Bearer " + RegulatoryStore.TOKEN;
    static Sandbox sandbox;
    static QualityClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests());
        client = new QualityClient(sandbox.quality().regulatoryBaseUri(), false);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static String report(String recall, String batches) {
        return q("{'recallId':'" + recall + "','product':'000000000010004711','batches':[" + batches + "],"
                + "'classification':'II','reason':'Out-of-specification stability result'}");
    }

    @Test
    void recordsARecallOnceByItsKeyAndAnswersARepeatWithTheSameReport() {
        long before = sandbox.sideEffects().latestSeq();

        HttpResponse<String> first = client.post(
                "/recall-reports",
                report("RCL-2026-000001", "'BSL25K0401','BSL25K0402'"),
                "Authorization",
                AUTH,
                "Idempotency-Key",
                "qg-recall-RCL-2026-000001");
        HttpResponse<String> again = client.post(
                "/recall-reports",
                report("RCL-2026-000001", "'BSL25K0401','BSL25K0402'"),
                "Authorization",
                AUTH,
                "Idempotency-Key",
                "qg-recall-RCL-2026-000001");
        HttpResponse<String> different = client.post(
                "/recall-reports",
                report("RCL-2026-000001", "'BSL25K0401'"),
                "Authorization",
                AUTH,
                "Idempotency-Key",
                "qg-recall-RCL-2026-000001");

        assertThat(first.statusCode()).isEqualTo(201);
        String id = json(first).path("reportId").asString();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("idempotent-replayed")).hasValue("true");
        assertThat(json(again).path("reportId").asString()).isEqualTo(id);
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(sandbox.sideEffects().since(before)).hasSize(1);
        HttpResponse<String> read = client.get("/recall-reports/" + id, "Authorization", AUTH);
        assertThat(json(read).path("batches")).hasSize(2);
        assertThat(json(client.get("/recall-reports?idempotencyKey=qg-recall-RCL-2026-000001", "Authorization", AUTH))
                        .path("items"))
                .hasSize(1);
    }

    @Test
    void withdrawsAReportOnceAndRefusesBadInputNamingTheField() {
        String id = json(client.post(
                        "/recall-reports",
                        report("RCL-2026-000002", "'DS250401'"),
                        "Authorization",
                        AUTH,
                        "Idempotency-Key",
                        "qg-recall-RCL-2026-000002"))
                .path("reportId")
                .asString();
        long before = sandbox.sideEffects().latestSeq();

        HttpResponse<String> withdrawn = client.post(
                "/recall-reports/" + id + "/withdrawal", q("{'reason':'recall cancelled'}"), "Authorization", AUTH);
        HttpResponse<String> again = client.post(
                "/recall-reports/" + id + "/withdrawal", q("{'reason':'recall cancelled'}"), "Authorization", AUTH);
        HttpResponse<String> noKey = client.post("/recall-reports", report("RCL-X", "'A'"), "Authorization", AUTH);
        HttpResponse<String> noBatches =
                client.post("/recall-reports", report("RCL-Y", ""), "Authorization", AUTH, "Idempotency-Key", "k-y");
        HttpResponse<String> anonymous = client.get("/recall-reports/" + id);

        assertThat(json(withdrawn).path("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(sandbox.sideEffects().since(before)).hasSize(1);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(json(noKey).path("invalid-params").get(0).path("name").asString())
                .isEqualTo("Idempotency-Key");
        assertThat(json(noBatches).path("invalid-params").get(0).path("name").asString())
                .isEqualTo("batches");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aFaultAnswersProblemDetails() {
        sandbox.faults().inject(Fault.error("regulatory", "POST /recall-reports", 503, 1));

        HttpResponse<String> failed = client.post(
                "/recall-reports",
                report("RCL-2026-000003", "'A'"),
                "Authorization",
                AUTH,
                "Idempotency-Key",
                "qg-recall-RCL-2026-000003");

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(json(failed).path("status").asInt()).isEqualTo(503);
        assertThat(sandbox.quality().regulatory().statusOfRecall("RCL-2026-000003"))
                .isEmpty();
    }
}
