package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The story of a non-conformance as an auditor would read it: QA raises NC on a batch in the QMS, and within the
 * service level the batch's stock is blocked in SAP S/4HANA (the sandbox's simulator, over real HTTP), with an audit
 * entry saying why; the NC is closed with disposition Release and the stock is free again; a second NC closed with
 * Reject leaves its batch blocked; an NC on a batch the ERP does not know is parked, shown for review, and acted on
 * once the ERP knows the batch; an answer lost after the ERP posted never makes it post twice.
 */
class NonconformanceBlocksBatchScenarioIT extends QualigateIT {

    private final SandboxStock plant = new SandboxStock(sandbox());

    private static final Duration WITHIN = Duration.ofSeconds(20);

    @Autowired
    private AuditTrail audit;

    @Autowired
    private NonconformancePull pull;

    @Autowired
    private JdbcClient jdbc;

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Verifies({"URS-QEV-120", "URS-QEV-121", "URS-QEV-124", "URS-QEV-125", "URS-QEV-127", "URS-QEV-129"})
    @Test
    void anNcBlocksItsBatchWithinTheServiceLevelAReleaseFreesItAndARejectKeepsItBlocked() throws Exception {
        // Given batch B1 of a material with 150 EA in unrestricted use at plant CH10
        String material = plant.newMaterial("QGS");
        plant.receive(material, "B1", StockType.UNRESTRICTED, 150);
        String nc = "NC-" + material;
        Instant raised = clock.instant();

        // When the QMS announces the NC (version 1 of the event) and asks for the stock to be blocked
        String id = "a0N" + material;
        HttpResponse<String> opened =
                qualityHook("msg_" + UUID.randomUUID(), NcEvents.v1(id, nc, raised, "Opened", null, material, "B1"));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);

        // Then the batch is blocked in the ERP (movement 344) within the service level
        await().atMost(WITHIN).until(() -> plant.of(material, "B1", StockType.BLOCKED) == 150);
        assertThat(plant.of(material, "B1", StockType.UNRESTRICTED)).isZero();
        JsonNode batch = json(get("/api/v1/quality/batches/" + material + "/B1"));
        assertThat(batch.path("desired").asString()).isEqualTo("BLOCKED");
        await().atMost(WITHIN)
                .until(() -> json(get("/api/v1/quality/batches/" + material + "/B1"))
                        .path("erpState")
                        .asString()
                        .equals("BLOCKED"));
        assertThat(batch.path("explanation").asString())
                .startsWith("batch B1 of material " + material + " blocked because " + nc + " was raised on ")
                .endsWith("and is open");
        AuditEntry blocked = onlyEntry("quality.batch.blocked", material + "/B1");
        assertThat(blocked.reason()).contains("blocked because " + nc).contains("movement 344");
        Instant met = jdbc.sql("SELECT met_at FROM quality_sla_event WHERE interface = 'erp-block' AND record_id = ?")
                .param(id)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        assertThat(Duration.between(raised, met)).isLessThan(Duration.ofMinutes(5));

        // And the same delivery again, or an older version of the NC, changes nothing
        String again = "msg_" + UUID.randomUUID();
        String body = NcEvents.v1(id, nc, raised, "Opened", null, material, "B1");
        assertThat(qualityHook(again, body).statusCode()).isEqualTo(202);
        HttpResponse<String> duplicate = qualityHook(again, body);
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(json(duplicate).path("duplicate").asBoolean()).isTrue();
        HttpResponse<String> older = qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v1(id, nc, raised.minusSeconds(60), "Opened", null, material, "B1"));
        assertThat(json(older).path("outcome").asString()).isEqualTo("stale");

        // When QA closes the NC with disposition Release (version 2 of the event)
        HttpResponse<String> released = qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v2(id, nc, raised.plusSeconds(60), "Closed - Done", "Release", material));
        assertThat(released.statusCode()).as(released.body()).isEqualTo(202);

        // Then the stock is unrestricted again (movement 343), audited with why
        await().atMost(WITHIN).until(() -> plant.of(material, "B1", StockType.UNRESTRICTED) == 150);
        assertThat(onlyEntry("quality.batch.unblocked", material + "/B1").reason())
                .contains("released because " + nc)
                .contains("with disposition Release")
                .contains("movement 343");

        // When a second NC on the batch is raised and closed with disposition Reject
        String id2 = "a0N2" + material;
        String nc2 = "NC2-" + material;
        qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v1(id2, nc2, raised.plusSeconds(120), "Opened", null, material, "B1"));
        await().atMost(WITHIN).until(() -> plant.of(material, "B1", StockType.BLOCKED) == 150);
        qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v1(id2, nc2, raised.plusSeconds(180), "Closed - Done", "Reject", material, "B1"));

        // Then the batch stays blocked, and the page of NCs says so
        await().atMost(WITHIN)
                .until(() -> json(get("/api/v1/quality/batches/" + material + "/B1"))
                        .path("explanation")
                        .asString()
                        .contains("with disposition Reject, which does not release stock"));
        settled(material);
        assertThat(plant.of(material, "B1", StockType.BLOCKED)).isEqualTo(150);
        JsonNode list = json(get("/api/v1/quality/nonconformances"));
        assertThat(list.path("items").values()).anySatisfy(item -> {
            assertThat(item.path("name").asString()).isEqualTo(nc2);
            assertThat(item.path("erp").path("erpState").asString()).isEqualTo("BLOCKED");
        });
    }

    @Verifies({"URS-QEV-123", "URS-QEV-125"})
    @Test
    void anNcOnABatchTheErpDoesNotKnowIsParkedShownAndBlockedOnceTheErpKnowsIt() throws Exception {
        String material = plant.newMaterial("QGS");
        plant.receive(material, "B1", StockType.UNRESTRICTED, 10);
        String nc = "NC-" + material;

        // When an NC names batch B9, which the ERP has never heard of
        assertThat(qualityHook(
                                "msg_" + UUID.randomUUID(),
                                NcEvents.v1("a0N" + material, nc, clock.instant(), "Opened", null, material, "B9"))
                        .statusCode())
                .isEqualTo(202);

        // Then it is parked with the reason, shown in the review list, and audited
        await().atMost(WITHIN)
                .until(() -> json(get("/api/v1/quality/batches/" + material + "/B9"))
                        .path("parked")
                        .asBoolean());
        JsonNode parked = json(get("/api/v1/quality/batches?parked=true"));
        assertThat(parked.path("items").values())
                .anySatisfy(b -> assertThat(b.path("parkedReason").asString())
                        .contains("reports no stock of batch B9 of material " + material));
        assertThat(onlyEntry("quality.batch.parked", material + "/B9").reason())
                .contains("blocked because " + nc)
                .contains("parked");

        // When the ERP receives the batch and the re-check comes due
        plant.receive(material, "B9", StockType.UNRESTRICTED, 40);
        clock.advance(Duration.ofMinutes(6));

        // Then the batch is blocked and no longer parked
        await().atMost(WITHIN).until(() -> plant.of(material, "B9", StockType.BLOCKED) == 40);
        await().atMost(WITHIN)
                .until(() -> !json(get("/api/v1/quality/batches/" + material + "/B9"))
                        .path("parked")
                        .asBoolean());
        assertThat(onlyEntry("quality.batch.unparked", material + "/B9").reason())
                .contains("no longer parked");
    }

    @Verifies({"URS-QEV-122"})
    @Test
    void anAnswerLostAfterTheErpPostedNeverMakesItPostTwice() throws Exception {
        String material = plant.newMaterial("QGS");
        plant.receive(material, "B1", StockType.UNRESTRICTED, 75);
        int before = sandbox().quality().erp().documentCount(material);
        sandbox()
                .faults()
                .inject(new Fault(
                        "erp",
                        "POST /A_MaterialDocumentHeader",
                        Fault.Mode.COMMIT_THEN_TIMEOUT,
                        0,
                        Duration.ofSeconds(5),
                        1,
                        1.0));

        qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v1("a0N" + material, "NC-" + material, clock.instant(), "Opened", null, material, "B1"));

        await().atMost(WITHIN)
                .until(() -> jdbc.sql("SELECT count(*) FROM quality_batch WHERE material = ?"
                                        + " AND erp_state = 'BLOCKED' AND due_at IS NULL")
                                .param(material)
                                .query(Long.class)
                                .single()
                        == 1);
        assertThat(plant.of(material, "B1", StockType.BLOCKED)).isEqualTo(75);
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(before + 1);
        assertThat(onlyEntry("quality.batch.blocked", material + "/B1").reason())
                .contains("the ERP's answer was lost and the document was found by its header text");
        assertThat(jdbc.sql("SELECT count(*) FROM quality_movement_intent WHERE material = ?")
                        .param(material)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Verifies({"URS-QEV-121"})
    @Test
    void anNcRaisedInTheQmsIsPulledEvenWithoutAWebhook() throws Exception {
        String material = plant.newMaterial("QGS");
        plant.receive(material, "B1", StockType.UNRESTRICTED, 12);
        var fields = JSON.createObjectNode();
        fields.put(QualityObject.SITE, "BSL");
        fields.put(QualityObject.MATERIAL, material);
        fields.put(QualityObject.PLANT, "CH10");
        fields.put(QualityObject.BATCH, "B1");
        fields.put(QualityObject.SEVERITY, "Major");
        fields.put(QualityObject.DESCRIPTION, "particles found at visual inspection");
        fields.put(QualityObject.BLOCK_STOCK, true);
        fields.put(QualityObject.STATUS, "Opened");
        String name = sandbox()
                .quality()
                .records()
                .create(QualityObject.NONCONFORMANCE, (tools.jackson.databind.node.ObjectNode) fields)
                .path("Name")
                .asString();

        // the QMS stamps LastModifiedDate with its own (real) clock; the pull reads up to the service's now, so the
        // service's clock is brought to the QMS's for the pull, and back afterwards for the tests that follow
        Instant testTime = clock.instant();
        clock.set(Instant.now().plusSeconds(2));
        try {
            NonconformancePull.Run run = pull.pull();

            assertThat(run.outcomes()).containsKey(QualityIntakeResult.Outcome.APPLIED);
            await().atMost(WITHIN).until(() -> plant.of(material, "B1", StockType.BLOCKED) == 12);
            assertThat(json(get("/api/v1/quality/batches/" + material + "/B1"))
                            .path("holding")
                            .values())
                    .extracting(JsonNode::asString)
                    .containsExactly(name);
            // read again by the next window's overlap: nothing new
            assertThat(pull.pull().outcomes()).doesNotContainKey(QualityIntakeResult.Outcome.APPLIED);
        } finally {
            clock.set(testTime);
        }
    }

    @Verifies({"URS-QEV-121", "URS-QEV-129"})
    @Test
    void aBadSignatureStoresNothingAndAnUnknownVersionOrABrokenSchemaIsKeptForReview() throws Exception {
        String material = plant.newMaterial("QGS");
        String body = NcEvents.v1("a0N" + material, "NC-" + material, clock.instant(), "Opened", null, material, "B1");
        long events = jdbc.sql(
                        "SELECT count(*) FROM quality_inbound_event WHERE position(? IN convert_from(body, 'UTF8')) > 0")
                .param(material)
                .query(Long.class)
                .single();

        HttpResponse<String> forged =
                qualityHook("msg_" + UUID.randomUUID(), body, "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=");
        HttpResponse<String> future =
                qualityHook("msg_" + UUID.randomUUID(), body.replace("\"schemaVersion\":1", "\"schemaVersion\":3"));

        HttpResponse<String> halfLot = qualityHook(
                "msg_" + UUID.randomUUID(),
                NcEvents.v2("a0N" + material, "NC-" + material, clock.instant(), "Opened", "Release", material)
                        .replace(",\"batch\":\"B1\"", ""));

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(future.statusCode()).isEqualTo(422);
        assertThat(json(future).path("keptForReview").asBoolean()).isTrue();
        assertThat(halfLot.statusCode()).as(halfLot.body()).isEqualTo(400);
        assertThat(halfLot.body()).contains("lot.batch");
        assertThat(json(halfLot).path("keptForReview").asBoolean()).isTrue();
        // the members a kept event adds come last, the event's id before keptForReview, as every hook answers them
        assertThat(List.of(future.body(), halfLot.body()))
                .allSatisfy(problem ->
                        assertThat(problem).matches(".*,\"eventId\":\"[0-9a-f-]{36}\",\"keptForReview\":true}"));
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM quality_inbound_event WHERE position(? IN convert_from(body, 'UTF8')) > 0")
                        .param(material)
                        .query(Long.class)
                        .single())
                .isEqualTo(events + 2);
        assertThat(jdbc.sql("SELECT count(*) FROM quality_nonconformance WHERE material = ?")
                        .param(material)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Waits until the worker has taken every request for the material's batches (none is due or leased). */
    private void settled(String material) {
        await().atMost(WITHIN)
                .until(() -> jdbc.sql("SELECT count(*) FROM quality_batch WHERE material = ? AND due_at IS NOT NULL")
                                .param(material)
                                .query(Long.class)
                                .single()
                        == 0);
    }

    private AuditEntry onlyEntry(String action, String entityId) {
        // the ERP answers before the delivery's transaction (and the audit entry in it) commits
        await().atMost(WITHIN).until(() -> !entries(action, entityId).isEmpty());
        var entries = entries(action, entityId);
        assertThat(entries).as(action + " of " + entityId).hasSize(1);
        return entries.getFirst();
    }

    private java.util.List<AuditEntry> entries(String action, String entityId) {
        return audit.find(new AuditQuery(null, "batch", entityId, action, null, null, 0, 100)).stream()
                .filter(e -> e.action().equals(action))
                .toList();
    }

    private HttpResponse<String> qualityHook(String webhookId, String body) throws Exception {
        return qualityHook(webhookId, body, SECRET);
    }

    private HttpResponse<String> qualityHook(String webhookId, String body, String secret) throws Exception {
        return NcEvents.send(http, port, clock.instant(), webhookId, body, secret);
    }
}
