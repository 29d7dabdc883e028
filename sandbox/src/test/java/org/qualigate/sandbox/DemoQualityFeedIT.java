package org.qualigate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.maximo.Asset;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import org.qualigate.sandbox.quality.QualityFeed;
import tools.jackson.databind.node.ObjectNode;

// The feed changes the seeded state, so the seed is checked first.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoQualityFeedIT {

    static Sandbox sandbox;
    static S4HanaSimulator erp;
    static QualityRecords qms;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(SandboxOptions.forTests().withDemoData(true));
        erp = sandbox.quality().erp();
        qms = sandbox.quality().records();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static boolean open(ObjectNode row) {
        return !row.path(QualityObject.STATUS).asString().startsWith("Closed");
    }

    @Test
    @Order(1)
    void seedsEveryBlockedBatchWithAnOpenNonconformanceThatHoldsIt() {
        List<List<String>> blocked = erp.batches().stream()
                .filter(b -> erp.stock(b.get(0), b.get(1), b.get(2), b.get(3), StockType.BLOCKED)
                                .signum()
                        > 0)
                .toList();

        assertThat(erp.batches()).hasSize(5 * 40);
        assertThat(blocked).hasSize(5 * 2);
        for (List<String> b : blocked) {
            assertThat(qms.all(QualityObject.NONCONFORMANCE)).anySatisfy(nc -> {
                assertThat(nc.path(QualityObject.BATCH).asString()).isEqualTo(b.get(3));
                assertThat(open(nc)).isTrue();
                assertThat(nc.path(QualityObject.BLOCK_STOCK).asBoolean()).isTrue();
            });
        }
        assertThat(qms.all(QualityObject.CAPA))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(qms.user(c.path(QualityObject.OWNER).asString())
                                .orElseThrow()
                                .managerId())
                        .isNotNull());
    }

    @Test
    @Order(2)
    void seedsTheInstrumentsInBothSystemsWithOneDisagreement() {
        List<Asset> assets = sandbox.quality().maximo().assets();
        long disagreeing = assets.stream()
                .filter(a -> {
                    ObjectNode record = qms.all(QualityObject.EQUIPMENT).stream()
                            .filter(e ->
                                    e.path(QualityObject.EXTERNAL_ID).asString().equals(a.assetnum()))
                            .findFirst()
                            .orElseThrow();
                    return !record.path(QualityObject.LAST_CALIBRATION)
                            .asString()
                            .equals(String.valueOf(a.lastCalibration()));
                })
                .count();

        assertThat(assets).hasSize(10);
        assertThat(disagreeing).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theFeedRaisesOnARealBatchClosesWithADispositionLetsACapaSlipAndMakesAConflict() throws Exception {
        QualityFeed feed = sandbox.quality().feed().orElseThrow();
        int before = qms.all(QualityObject.NONCONFORMANCE).size();

        String raised = feed.raiseNonconformance().orElseThrow();
        ObjectNode newest = qms.all(QualityObject.NONCONFORMANCE).getLast();
        String closed = feed.closeNonconformance().orElseThrow();
        String slipped = feed.capaOverdue().orElseThrow();
        String conflict = feed.calibrationConflict().orElseThrow();
        String recall = feed.recall().orElseThrow();

        assertThat(qms.all(QualityObject.NONCONFORMANCE)).hasSize(before + 1);
        String batch = newest.path(QualityObject.BATCH).asString();
        assertThat(raised).contains(batch);
        assertThat(erp.batches()).anySatisfy(b -> {
            assertThat(b.get(3)).isEqualTo(batch);
            assertThat(erp.stock(b.get(0), b.get(1), b.get(2), b.get(3), StockType.UNRESTRICTED))
                    .isGreaterThan(BigDecimal.ZERO);
        });
        assertThat(closed).containsAnyOf("Release", "Reject");
        assertThat(slipped).contains("overdue");
        assertThat(conflict).contains("the QMS is not told");
        assertThat(recall).containsAnyOf("opened recall", "cancelled recall");
        for (int i = 0; i < 20; i++) {
            assertThat(feed.step()).isNotBlank();
        }
        assertThat(sandbox.quality().pendingEvents()).isPositive();
    }
}
