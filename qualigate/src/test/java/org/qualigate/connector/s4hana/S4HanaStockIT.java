package org.qualigate.connector.s4hana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.TargetException;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.support.SharedSandbox;
import org.qualigate.trace.Traces;
import org.qualigate.validation.Verifies;

/** The S/4HANA adapter against the sandbox's simulator over real HTTP: CSRF, postings, refusals, a lost answer. */
class S4HanaStockIT {

    private static final AtomicInteger MATERIALS = new AtomicInteger();

    private final Sandbox sandbox = SharedSandbox.get();

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    private S4HanaStock erp(String password) {
        return new S4HanaStock(
                "erp",
                new S4HanaSettings(
                        sandbox.quality().erpBaseUri().toString(),
                        S4HanaSimulator.USER,
                        password,
                        null,
                        Duration.ofSeconds(2),
                        Map.of(),
                        List.of()),
                Traces.CallRecorder.NONE);
    }

    /** A new material with 120 EA of one batch in unrestricted stock in two storage locations (100 + 20). */
    private String material() {
        String material = "QGT" + System.nanoTime() % 1_000_000 + "-" + MATERIALS.incrementAndGet();
        sandbox.quality().erp().addMaterial(material, "EA");
        sandbox.quality().erp().receive(material, "CH10", "0001", "B1", StockType.UNRESTRICTED, new BigDecimal("100"));
        sandbox.quality().erp().receive(material, "CH10", "0002", "B1", StockType.UNRESTRICTED, new BigDecimal("20"));
        return material;
    }

    private static BatchStock.Movement block(String material, String headerText, String... slocs) {
        List<BatchStock.Line> lines = new java.util.ArrayList<>();
        for (String s : slocs) {
            lines.add(new BatchStock.Line(s, new BigDecimal(s.equals("0001") ? "100" : "20"), "EA"));
        }
        return new BatchStock.Movement(
                material,
                "CH10",
                "B1",
                BatchStock.Direction.BLOCK,
                lines,
                LocalDate.parse("2026-12-06"),
                "NC-2026-000001",
                headerText);
    }

    @Verifies("URS-QEV-126")
    @Test
    void readsStockPostsA344WithTheCsrfTokenAndFindsTheDocumentByItsHeaderText() {
        String material = material();
        S4HanaStock erp = erp(S4HanaSimulator.PASSWORD);

        assertThat(erp.stockOf(material, "CH10", "B1"))
                .extracting(
                        BatchStock.StockRow::storageLocation,
                        BatchStock.StockRow::kind,
                        r -> r.quantity().stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("0001", BatchStock.StockKind.UNRESTRICTED, "100"),
                        org.assertj.core.groups.Tuple.tuple("0002", BatchStock.StockKind.UNRESTRICTED, "20"));
        var posted = (BatchStock.Posting.Posted) erp.post(block(material, "QGT" + material, "0001", "0002"));

        assertThat(posted.document()).isNotBlank();
        assertThat(posted.postingDate()).isEqualTo(LocalDate.parse("2026-12-06"));
        assertThat(sandbox.quality().erp().stock(material, "CH10", "0001", "B1", StockType.BLOCKED))
                .isEqualByComparingTo("100");
        assertThat(erp.stockOf(material, "CH10", "B1")).allMatch(r -> r.kind() == BatchStock.StockKind.BLOCKED);
        assertThat(erp.findByHeaderText("QGT" + material)).contains(posted);
        assertThat(erp.findByHeaderText("QG-never-posted")).isEmpty();
    }

    @Verifies("URS-QEV-126")
    @Test
    void anEndedSessionIsAnswered403RequiredAndTheTokenIsFetchedAgainOnce() {
        String material = material();
        S4HanaStock erp = erp(S4HanaSimulator.PASSWORD);
        erp.post(block(material, "QGA" + material, "0002"));
        sandbox.quality().erp().expireSessions();
        int before = sandbox.quality().erp().documentCount(material);

        var posted = erp.post(block(material, "QGB" + material, "0001"));

        assertThat(posted).isInstanceOf(BatchStock.Posting.Posted.class);
        assertThat(sandbox.quality().erp().documentCount(material)).isEqualTo(before + 1);
    }

    @Verifies("URS-QEV-126")
    @Test
    void refusalsComeBackAsValuesWithSapsCodeAndAnUnknownBatchIsSaidSo() {
        String material = material();
        S4HanaStock erp = erp(S4HanaSimulator.PASSWORD);

        var unknown = erp.post(new BatchStock.Movement(
                material,
                "CH10",
                "NOSUCH",
                BatchStock.Direction.BLOCK,
                List.of(new BatchStock.Line("0001", BigDecimal.ONE, "EA")),
                LocalDate.parse("2026-12-06"),
                "NC-1",
                "QGC" + material));
        var wrongUnit = erp.post(new BatchStock.Movement(
                material,
                "CH10",
                "B1",
                BatchStock.Direction.BLOCK,
                List.of(new BatchStock.Line("0001", BigDecimal.ONE, "KG")),
                LocalDate.parse("2026-12-06"),
                "NC-1",
                "QGD" + material));

        assertThat(unknown)
                .isEqualTo(new BatchStock.Posting.Refused(
                        "ZQG/007",
                        "Batch NOSUCH does not exist for material " + material
                                + " in plant CH10, storage location 0001",
                        true));
        assertThat(((BatchStock.Posting.Refused) wrongUnit).unknownBatch()).isFalse();
        assertThat(erp.stockOf(material, "CH10", "NOSUCH")).isEmpty();
        // a deficit means the stock moved since it was read: worth reading again, not a refusal
        assertThatThrownBy(() -> erp.post(new BatchStock.Movement(
                        material,
                        "CH10",
                        "B1",
                        BatchStock.Direction.RELEASE,
                        List.of(new BatchStock.Line("0001", BigDecimal.ONE, "EA")),
                        LocalDate.parse("2026-12-06"),
                        "NC-1",
                        "QGE" + material)))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("M7/021")
                .matches(e -> ((TargetException) e).isTransient());
    }

    @Verifies("URS-QEV-126")
    @Test
    void aWrongPasswordAndAGatewayErrorAreClassified() {
        String material = material();
        sandbox.faults()
                .inject(new Fault("erp", "GET /A_MatlStkInAcctMod", Fault.Mode.ERROR, 503, Duration.ZERO, 1, 1.0));

        assertThatThrownBy(() -> erp(S4HanaSimulator.PASSWORD).stockOf(material, "CH10", "B1"))
                .isInstanceOf(TargetException.class)
                .matches(e -> ((TargetException) e).isTransient());
        assertThatThrownBy(() -> erp("wrong").stockOf(material, "CH10", "B1"))
                .isInstanceOf(TargetException.class)
                .matches(e -> !((TargetException) e).isTransient())
                .hasMessageContaining("401");
    }

    @Verifies("URS-QEV-122")
    @Test
    void aPostingWhoseAnswerIsLostIsFoundByItsHeaderText() {
        String material = material();
        S4HanaStock erp = erp(S4HanaSimulator.PASSWORD);
        erp.stockOf(material, "CH10", "B1");
        sandbox.faults()
                .inject(new Fault(
                        "erp",
                        "POST /A_MaterialDocumentHeader",
                        Fault.Mode.COMMIT_THEN_TIMEOUT,
                        0,
                        Duration.ofSeconds(4),
                        1,
                        1.0));
        int before = sandbox.quality().erp().documentCount(material);

        assertThatThrownBy(() -> erp.post(block(material, "QGF" + material, "0001")))
                .isInstanceOf(TargetException.class)
                .matches(e -> ((TargetException) e).isTransient());

        assertThat(sandbox.quality().erp().documentCount(material)).isEqualTo(before + 1);
        assertThat(erp.findByHeaderText("QGF" + material)).isPresent();
    }
}
