package org.qualigate.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.faults.CrashPoints;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.DrivenWorkersIT;
import org.qualigate.support.SimulatedCrash;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The ERP worker when the process dies between the ERP's posting and its record: the next run finds the document by
 * its header text, audits it once, and posts nothing more.
 */
class ErpPostingCrashIT extends DrivenWorkersIT {

    private final SandboxStock plant = new SandboxStock(sandbox());

    @Autowired
    ErpBlocking blocking;

    @Autowired
    MovementIntents intents;

    @Autowired
    BatchWork batches;

    @Autowired
    AuditTrail audit;

    @Autowired
    QualitySettings settings;

    @BeforeEach
    void nothingElseIsDue() {
        while (blocking.workDue() > 0) {
            // what earlier tests left is worked now, so the test's own batch is the only one due
        }
    }

    @Verifies({"URS-QEV-122", "URS-QEV-125"})
    @Test
    void aCrashAfterTheErpPostedIsAuditedOnceOnTheNextRunAndNothingIsPostedTwice() throws Exception {
        String material = plant.newMaterial("QGK");
        plant.receive(material, "B1", StockType.UNRESTRICTED, 60);
        assertThat(NcEvents.send(
                                http,
                                port,
                                clock.instant(),
                                "msg_" + UUID.randomUUID(),
                                NcEvents.v1(
                                        "a0N" + material,
                                        "NC-" + material,
                                        clock.instant(),
                                        "Opened",
                                        null,
                                        material,
                                        "B1"),
                                SECRET)
                        .statusCode())
                .isEqualTo(202);
        int documents = sandbox().quality().erp().documentCount(material);

        ErpBlocking crashing = blocking.with(CrashPoints.armed(CrashPoints.Point.AFTER_ERP_POST, 1, () -> {
            throw new SimulatedCrash("after-erp-post");
        }));
        assertThatThrownBy(crashing::workDue).isInstanceOf(SimulatedCrash.class);

        // the ERP holds the batch blocked; the trail says nothing of it yet, but the intent is on record
        Lot lot = new Lot(material, "CH10", "B1");
        assertThat(plant.of(material, "B1", StockType.BLOCKED)).isEqualTo(60);
        assertThat(blockedEntries(material)).isZero();
        assertThat(intents.of(lot)).hasSize(1);

        // the crashed worker's lease runs out; the next run takes this batch (other tests' work may be due beside it),
        // finds the document and audits it
        clock.advance(settings.leaseFor().plus(Duration.ofSeconds(1)));
        assertThat(batches.find(material, "B1"))
                .hasValueSatisfying(b -> assertThat(b.dueAt()).as("due again").isNotNull());
        for (int run = 0; run < 10 && ownBatchDue(material) && blocking.workDue() > 0; run++) {
            // each run takes up to a batch-size of due batches; this one is among them or in the next
        }
        assertThat(batches.find(material, "B1")).hasValueSatisfying(b -> {
            assertThat(b.dueAt())
                    .as("worked to the end, not set to be tried again")
                    .isNull();
            assertThat(b.attempts()).isZero();
        });

        assertThat(blockedEntries(material)).isEqualTo(1);
        assertThat(sandbox().quality().erp().documentCount(material))
                .as("posted once, not again")
                .isEqualTo(documents + 1);
        assertThat(intents.of(lot)).isEmpty();
        assertThat(json(get("/api/v1/quality/batches/" + material + "/B1"))
                        .path("erpState")
                        .asString())
                .isEqualTo("BLOCKED");
    }

    private boolean ownBatchDue(String material) {
        return batches.find(material, "B1").orElseThrow().dueAt() != null;
    }

    private long blockedEntries(String material) {
        return audit
                .find(new AuditQuery(null, "batch", material + "/B1", "quality.batch.blocked", null, null, 0, 10))
                .stream()
                .filter(e -> e.action().equals("quality.batch.blocked"))
                .count();
    }
}
