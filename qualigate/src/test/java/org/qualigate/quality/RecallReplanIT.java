package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A recall whose batch range the QMS changes after its plan was made, its saga and the ERP worker driven step by step
 * against the sandbox's S/4HANA over real HTTP: widened, the batches newly in range are blocked, each posted once;
 * narrowed, the batches it left are given back — except one an open NC still holds, which stays blocked until the
 * NC releases it — and nothing is posted twice however often the workers run.
 */
class RecallReplanIT extends DrivenWorkersIT {

    private final SandboxStock plant = new SandboxStock(sandbox());

    @Autowired
    RecallSaga saga;

    @Autowired
    ErpBlocking blocking;

    @Autowired
    AuditTrail audit;

    @BeforeEach
    void nothingElseIsDue() {
        drain();
    }

    @Verifies({"URS-QEV-380", "URS-QEV-381", "URS-QEV-382"})
    @Test
    void aWidenedRangeBlocksTheNewBatchesAndANarrowedOneGivesBackWhatNoNcStillHolds() throws Exception {
        // Given batches R01..R10 in unrestricted use, an open NC on R04, and a recall of R03..R05 planned and done
        String material = plant.newMaterial("QGP");
        for (int i = 1; i <= 10; i++) {
            plant.receive(material, batch(i), StockType.UNRESTRICTED, 10 + i);
        }
        String nc = "NC-" + material;
        Instant t = clock.instant();
        send(NcEvents.v1("a0N" + material, nc, t, "Opened", null, material, "R04"));
        String id = "a1R" + material;
        String name = "RCL-" + material;
        assertThat(send(RecallEvents.v1(id, name, t, "Opened", material, "R03", "R05"))
                        .statusCode())
                .isEqualTo(202);
        drain();
        int documents = sandbox().quality().erp().documentCount(material);
        int reports = sandbox().quality().regulatory().reportCount(id);
        assertThat(blocked(material, 3, 4, 5)).isTrue();

        // When the QMS widens the range to R03..R08
        send(RecallEvents.v1(id, name, t.plusSeconds(1), "In Progress", material, "R03", "R08"));
        assertThat(steps(id)).extracting(s -> s.path("kind").asString()).contains("replan");
        drain();

        // Then R06..R08 are blocked, each posted once, the change audited with what it added, the report not repeated
        assertThat(blocked(material, 3, 4, 5, 6, 7, 8)).isTrue();
        assertThat(plant.of(material, "R09", StockType.UNRESTRICTED)).isEqualTo(19);
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 3);
        assertThat(sandbox().quality().regulatory().reportCount(id)).isEqualTo(reports);
        AuditEntry widened = only("recall", name, "quality.recall.replanned");
        assertThat(widened.reason())
                .startsWith("recall " + name + " changed from product " + material + " batches R03..R05 to product "
                        + material + " batches R03..R08 made 2026-10-01..2026-10-31: planned again from the ERP's")
                .endsWith("stock, 3 batches added, 0 no longer covered, 3 kept");
        assertThat(kinds(id)).containsExactly("plan", "block", "block", "block", "block", "block", "block", "report");
        assertThat(states(id)).containsOnly("done");

        // When the QMS narrows it to R05..R06
        send(RecallEvents.v1(id, name, t.plusSeconds(2), "In Progress", material, "R05", "R06"));
        drain();

        // Then R03, R07 and R08 are given back; R04 stays blocked because its NC is open; R05 and R06 stay blocked
        for (int i : new int[] {3, 7, 8}) {
            assertThat(plant.of(material, batch(i), StockType.UNRESTRICTED))
                    .as(batch(i))
                    .isEqualTo(10 + i);
        }
        assertThat(blocked(material, 4, 5, 6)).isTrue();
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 3 + 3);
        assertThat(only("batch", material + "/R04", "quality.recall.compensated")
                        .reason())
                .startsWith("recall " + name + " no longer covers batch R04 of material " + material)
                .contains("it stays blocked, because another reason holds it")
                .contains(nc + " was raised on");
        assertThat(only("batch", material + "/R07", "quality.recall.compensated")
                        .reason())
                .contains("it is given back to unrestricted use");
        assertThat(kinds(id))
                .containsExactly(
                        "plan", "block", "block", "give-back", "give-back", "give-back", "give-back", "report");
        assertThat(steps(id).get(4).path("reason").asString()).startsWith("stays blocked: ");
        assertThat(states(id)).containsOnly("done");

        // When the workers run again, nothing is posted twice
        drain();
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 6);

        // When the NC on R04 is closed with disposition Release, the batch the recall left is given back too
        send(NcEvents.v1("a0N" + material, nc, t.plusSeconds(3), "Closed - Done", "Release", material, "R04"));
        drain();
        assertThat(plant.of(material, "R04", StockType.UNRESTRICTED)).isEqualTo(14);
        assertThat(sandbox().quality().erp().documentCount(material)).isEqualTo(documents + 7);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void drain() {
        for (int round = 0; round < 50; round++) {
            if (saga.workDue() + blocking.workDue() == 0) {
                return;
            }
        }
    }

    private List<JsonNode> steps(String id) {
        return json(get("/api/v1/quality/recalls/" + id))
                .path("steps")
                .valueStream()
                .toList();
    }

    private List<String> kinds(String id) {
        return steps(id).stream().map(s -> s.path("kind").asString()).toList();
    }

    private List<String> states(String id) {
        return steps(id).stream().map(s -> s.path("state").asString()).toList();
    }

    private HttpResponse<String> send(String body) throws Exception {
        return NcEvents.send(http, port, clock.instant(), "msg_" + UUID.randomUUID(), body, SECRET);
    }

    private AuditEntry only(String type, String entityId, String action) {
        List<AuditEntry> entries = audit.find(new AuditQuery(null, type, entityId, action, null, null, 0, 100)).stream()
                .filter(e -> e.action().equals(action))
                .toList();
        assertThat(entries).as(action + " of " + entityId).hasSize(1);
        return entries.getFirst();
    }

    private boolean blocked(String material, int... batches) {
        for (int i : batches) {
            assertThat(plant.of(material, batch(i), StockType.BLOCKED))
                    .as(batch(i))
                    .isEqualTo(10 + i);
        }
        return true;
    }

    private static String batch(int i) {
        return String.format("R%02d", i);
    }
}
