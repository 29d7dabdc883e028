package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.faults.CrashPoints;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.support.SimulatedCrash;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A recall of twenty batches, its saga driven step by step against the sandbox's S/4HANA and regulatory store over
 * real HTTP: the plan
 * read from the ERP's stock, every batch of the range blocked once through the one blocking path (one posting
 * failing and retried), the recall reported once, an NC's release not freeing a recalled batch, and the
 * cancellation giving back only what the recall blocked and nothing else holds, the report withdrawn.
 */
class RecallSagaIT extends DrivenWorkersIT {

    private final SandboxStock plant = new SandboxStock(sandbox());

    @Autowired
    RecallSaga saga;

    @Autowired
    ErpBlocking blocking;

    @Autowired
    AuditTrail audit;

    @Autowired
    QualitySettings settings;

    @BeforeEach
    void nothingElseIsDue() {
        drain();
    }

    @AfterEach
    void clearFaults() {
        sandbox().faults().clear();
    }

    @Verifies({"URS-QEV-240", "URS-QEV-241", "URS-QEV-242", "URS-QEV-243", "URS-QEV-244", "URS-QEV-245"})
    @Test
    void aRecallBlocksEveryBatchOfItsRangeOnceReportsItOnceAndItsCancellationGivesBackOnlyWhatNothingElseHolds()
            throws Exception {
        // Given batches R01..R24 of a material in unrestricted use, R07 wholly blocked already, and an open NC on R05
        String material = plant.newMaterial("QGR");
        for (int i = 1; i <= 24; i++) {
            plant.receive(material, batch(i), i == 7 ? StockType.BLOCKED : StockType.UNRESTRICTED, 10 + i);
        }
        String nc = "NC-" + material;
        assertThat(send(NcEvents.v1("a0N" + material, nc, clock.instant(), "Opened", null, material, "R05"))
                        .statusCode())
                .isEqualTo(202);
        drain();
        assertThat(plant.of(material, "R05", StockType.BLOCKED)).isEqualTo(15);
        int documents = sandbox().quality().erp().documentCount(material);

        // When the QMS announces a recall of R03..R22, and one posting to the ERP fails once
        String id = "a1R" + material;
        int reports = sandbox().quality().regulatory().reportCount(id);
        String name = "RCL-" + material;
        HttpResponse<String> opened =
                send(RecallEvents.v1(id, name, clock.instant(), "Opened", material, "R03", "R22"));
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
        sandbox().faults().inject(Fault.error("erp", "POST /A_MaterialDocumentHeader", 503, 1));
        assertThat(saga.workDue()).isEqualTo(1);
        // the first run takes as many batches as the worker leases at once; the failed one waits its backoff
        assertThat(blocking.workDue()).isEqualTo(settings.batchSize());

        // Then the plan holds the twenty batches of the range, each audited with why, and the recall is reported once
        JsonNode recall = json(get("/api/v1/quality/recalls/" + id));
        List<JsonNode> steps = recall.path("steps").valueStream().toList();
        assertThat(steps).hasSize(22);
        assertThat(steps.getFirst().path("kind").asString()).isEqualTo("plan");
        assertThat(steps.subList(1, 21))
                .extracting(s -> s.path("target").asString())
                .containsExactly(java.util.stream.IntStream.rangeClosed(3, 22)
                        .mapToObj(i -> "batch " + batch(i) + " of material " + material)
                        .toArray(String[]::new));
        assertThat(steps.getLast().path("kind").asString()).isEqualTo("report");
        assertThat(steps.getLast().path("state").asString()).isEqualTo("done");
        assertThat(sandbox().quality().regulatory().reportCount(id)).isEqualTo(reports + 1);
        assertThat(sandbox().quality().regulatory().statusOfRecall(id)).hasValue("SUBMITTED");
        assertThat(onlyEntry("quality.recall.batch-held", material + "/R04").reason())
                .isEqualTo("batch R04 of material " + material + " blocked because recall " + name + " covers product "
                        + material + " batches R03..R22 made 2026-10-01..2026-10-31 and is open");
        // the one failed posting is shown on its step, with the ERP's answer and the attempt
        List<JsonNode> failed = steps.stream()
                .filter(s -> s.path("state").asString().equals("failed"))
                .toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().path("attempts").asInt()).isEqualTo(1);
        assertThat(failed.getFirst().path("reason").asString()).contains("503");

        // When the backoff has passed, the failed batch is retried and every batch is blocked, each posted once
        clock.advance(settings.backoffMax().plusSeconds(1));
        drain();
        for (int i = 3; i <= 22; i++) {
            assertThat(plant.of(material, batch(i), StockType.BLOCKED))
                    .as(batch(i))
                    .isEqualTo(10 + i);
        }
        assertThat(plant.of(material, "R02", StockType.UNRESTRICTED)).isEqualTo(12);
        assertThat(plant.of(material, "R23", StockType.UNRESTRICTED)).isEqualTo(33);
        // eighteen postings: R05 was blocked by its NC and R07 found blocked already
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 18);
        assertThat(states(id)).containsOnly("done");

        // When the same recall comes again as In Progress, nothing is posted or reported again
        send(RecallEvents.v1(id, name, clock.instant().plusSeconds(1), "In Progress", material, "R03", "R22"));
        drain();
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 18);
        assertThat(sandbox().quality().regulatory().reportCount(id)).isEqualTo(reports + 1);

        // When an NC on R06 is raised and closed with disposition Release, the recall still holds R06
        String nc6 = "NC6-" + material;
        send(NcEvents.v1("a0N6" + material, nc6, clock.instant(), "Opened", null, material, "R06"));
        send(NcEvents.v1(
                "a0N6" + material, nc6, clock.instant().plusSeconds(2), "Closed - Done", "Release", material, "R06"));
        drain();
        assertThat(plant.of(material, "R06", StockType.BLOCKED)).isEqualTo(16);
        assertThat(json(get("/api/v1/quality/batches/" + material + "/R06"))
                        .path("decisionNow")
                        .asString())
                .contains("blocked because recall " + name + " covers");

        // When the QMS cancels the recall
        send(RecallEvents.v1(id, name, clock.instant().plusSeconds(3), "Closed - Canceled", material, "R03", "R22"));
        drain();

        // Then what the recall blocked is given back, R05 stays blocked for its open NC, R07 is left as found,
        // and the report is withdrawn
        for (int i = 3; i <= 22; i++) {
            if (i == 5 || i == 7) {
                continue;
            }
            assertThat(plant.of(material, batch(i), StockType.UNRESTRICTED))
                    .as(batch(i))
                    .isEqualTo(10 + i);
        }
        assertThat(plant.of(material, "R05", StockType.BLOCKED)).isEqualTo(15);
        assertThat(plant.of(material, "R07", StockType.BLOCKED)).isEqualTo(17);
        assertThat(sandbox().quality().regulatory().statusOfRecall(id)).hasValue("WITHDRAWN");
        assertThat(onlyEntry("quality.recall.compensated", material + "/R05").reason())
                .contains("R05 of material " + material + " stays blocked, because another reason holds it")
                .contains(nc + " was raised on");
        assertThat(onlyEntry("quality.recall.compensated", material + "/R04").reason())
                .contains("is given back to unrestricted use");
        JsonNode cancelled = json(get("/api/v1/quality/recalls/" + id));
        assertThat(states(id)).containsOnly("done");
        assertThat(cancelled
                        .path("steps")
                        .valueStream()
                        .toList()
                        .getLast()
                        .path("kind")
                        .asString())
                .isEqualTo("withdraw");
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 18 + 18);
    }

    @Verifies({"URS-QEV-242", "URS-QEV-243"})
    @Test
    void aCrashBetweenAnErpPostingAndItsRecordAndALostReportAnswerNeitherLoseNorDoubleAnything() throws Exception {
        String material = plant.newMaterial("QGR");
        for (int i = 1; i <= 3; i++) {
            plant.receive(material, batch(i), StockType.UNRESTRICTED, 40);
        }
        int documents = sandbox().quality().erp().documentCount(material);
        String id = "a1R" + material;
        int reports = sandbox().quality().regulatory().reportCount(id);
        send(RecallEvents.v1(id, "RCL-" + material, clock.instant(), "Opened", material, "R01", "R03"));
        // the store records the report but its answer is lost
        sandbox().faults().inject(Fault.commitThenTimeout("regulatory", "POST /recall-reports", 1));
        assertThat(saga.workDue()).isEqualTo(1);
        assertThat(states(id).getLast()).isEqualTo("failed");

        // the process dies after the ERP posted the first block and before it was recorded
        ErpBlocking crashing = blocking.with(CrashPoints.armed(CrashPoints.Point.AFTER_ERP_POST, 1, () -> {
            throw new SimulatedCrash("after-erp-post");
        }));
        assertThatThrownBy(crashing::workDue).isInstanceOf(SimulatedCrash.class);

        clock.advance(settings.leaseFor().plus(settings.backoffMax()).plusSeconds(1));
        drain();

        for (int i = 1; i <= 3; i++) {
            assertThat(plant.of(material, batch(i), StockType.BLOCKED)).isEqualTo(40);
        }
        assertThat(sandbox().quality().erp().documentCount(material))
                .as("each batch posted once")
                .isEqualTo(documents + 3);
        assertThat(sandbox().quality().regulatory().reportCount(id))
                .as("reported once: the repeat under the same key answers the first report")
                .isEqualTo(reports + 1);
        assertThat(states(id)).containsOnly("done");
        long recovered = 0;
        for (int i = 1; i <= 3; i++) {
            recovered += audit
                    .find(new AuditQuery(
                            null, "batch", material + "/" + batch(i), "quality.batch.blocked", null, null, 0, 10))
                    .stream()
                    .filter(e -> e.action().equals("quality.batch.blocked"))
                    .filter(e -> String.valueOf(e.reason()).contains("the ERP's answer was lost"))
                    .count();
        }
        assertThat(recovered).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void drain() {
        for (int round = 0; round < 50; round++) {
            int n = saga.workDue() + blocking.workDue();
            if (n == 0) {
                return;
            }
        }
    }

    private List<String> states(String id) {
        return json(get("/api/v1/quality/recalls/" + id))
                .path("steps")
                .valueStream()
                .map(s -> s.path("state").asString())
                .toList();
    }

    private HttpResponse<String> send(String body) throws Exception {
        return NcEvents.send(http, port, clock.instant(), "msg_" + UUID.randomUUID(), body, SECRET);
    }

    private AuditEntry onlyEntry(String action, String entityId) {
        List<AuditEntry> entries =
                audit.find(new AuditQuery(null, "batch", entityId, action, null, null, 0, 100)).stream()
                        .filter(e -> e.action().equals(action))
                        .toList();
        assertThat(entries).as(action + " of " + entityId).hasSize(1);
        return entries.getFirst();
    }

    private static String batch(int i) {
        return String.format("R%02d", i);
    }
}
