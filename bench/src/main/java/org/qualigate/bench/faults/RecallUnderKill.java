package org.qualigate.bench.faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.regulatory.RegulatoryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's recall: a recall in the QMS names a range of batches of a material of their own, held in the
 * sandbox's S/4HANA, and the service is killed with {@code kill -9} while the ERP takes the recall's blocks late — some
 * batches blocked, others not yet. Judged from the ERP's side-effect log and stock and the regulatory store's log after
 * the suite has healed: every batch of the range blocked by exactly one 344, none released, one audit entry each, the
 * recall reported once.
 */
final class RecallUnderKill {

    private static final Logger log = LoggerFactory.getLogger(RecallUnderKill.class);

    static final String MATERIAL = "QGRECALL";
    private static final String RECORD_ID = "a1RQGRECALL";
    private static final String NAME = "RCL-QGRECALL";
    private static final BigDecimal QUANTITY = new BigDecimal("50");
    private static final String POSTING = "POST /A_MaterialDocumentHeader";

    /**
     * What the logs and the stock show after the run.
     *
     * @param doubled batches blocked by more than one 344, or released
     * @param lost batches of the range with no 344
     * @param wrongStock batches whose stock is not wholly blocked
     * @param reports the recall's reports submitted to the regulatory store
     */
    record Check(
            int batches,
            int blocks,
            int doubled,
            int lost,
            int wrongStock,
            long held,
            long reports,
            List<String> findings) {

        /** The rows of the report's recall table. */
        String markdown() {
            StringBuilder b = new StringBuilder(
                    "| recall under `kill -9` mid-way (ERP simulator, regulatory store) | count |\n| --- | ---: |\n");
            b.append("| batches in the recall's range / movements 344 in the ERP's log | ")
                    .append(batches)
                    .append(" / ")
                    .append(blocks)
                    .append(" |\n");
            b.append("| batches moved twice or released | ").append(doubled).append(" |\n");
            b.append("| batches with no block | ").append(lost).append(" |\n");
            b.append("| batches not wholly blocked at the end | ")
                    .append(wrongStock)
                    .append(" |\n");
            b.append("| batches audited as held by the recall | ").append(held).append(" |\n");
            b.append("| reports of the recall in the regulatory store | ")
                    .append(reports)
                    .append(" |\n");
            findings.forEach(f -> b.append("| finding: ").append(f).append(" | |\n"));
            return b.toString();
        }

        boolean clean() {
            return doubled == 0 && lost == 0 && wrongStock == 0 && blocks == batches && held == batches && reports == 1;
        }
    }

    private final int batches;
    private final long baseline;

    private RecallUnderKill(int batches, long baseline) {
        this.batches = batches;
        this.baseline = baseline;
    }

    /** Puts the recall's batches into the ERP, each with stock in unrestricted use. */
    static RecallUnderKill seed(Sandbox sandbox, int batches) {
        var erp = sandbox.quality().erp();
        erp.addMaterial(MATERIAL, "EA");
        for (int i = 0; i < batches; i++) {
            erp.receive(
                    MATERIAL, ErpUnderKill.PLANT, ErpUnderKill.LOCATION, batch(i), StockType.UNRESTRICTED, QUANTITY);
        }
        return new RecallUnderKill(batches, sandbox.sideEffects().latestSeq());
    }

    /** The service's settings: the regulatory store the recall is reported to. */
    static List<String> serviceArguments(Sandbox sandbox) {
        return List.of(
                "--qualigate.quality.regulatory.base-url=" + sandbox.quality().regulatoryBaseUri(),
                "--qualigate.quality.regulatory.token=" + RegulatoryStore.TOKEN);
    }

    /** Announces the recall of the whole range, with the ERP answering every block late. */
    void open(SystemUnderTest sut, Duration late) throws Exception {
        sut.sandbox().faults().inject(Fault.slow("erp", POSTING, late, batches));
        Instant at = Instant.now();
        ErpUnderKill.send(sut, "recall-" + RECORD_ID, event(at));
    }

    /** How many of the range's batches the ERP had blocked by its side-effect log's entry {@code seq}. */
    long blockedBy(Sandbox sandbox, long seq) {
        return sandbox.sideEffects().since(baseline).stream()
                .filter(e -> e.seq() <= seq && isBlock(e))
                .count();
    }

    /** How many of the range's batches the ERP has blocked so far. */
    long blocked(Sandbox sandbox) {
        return blockedBy(sandbox, Long.MAX_VALUE);
    }

    int batches() {
        return batches;
    }

    /** Waits until every batch of the range is blocked and no movement intent is open. */
    boolean awaitSettled(SystemUnderTest sut, Duration timeout) throws Exception {
        return Patience.until(
                () -> wrongStock(sut.sandbox(), new ArrayList<>()) == 0
                        && ErpUnderKill.inFlight(sut) == 0
                        && reports(sut.sandbox()) > 0,
                timeout,
                Duration.ofMillis(250));
    }

    Check check(SystemUnderTest sut) {
        Map<String, int[]> perBatch =
                ErpUnderKill.movementsPerBatch(sut.sandbox().sideEffects().since(baseline), MATERIAL);
        List<String> findings = new ArrayList<>();
        int doubled = 0;
        int lost = 0;
        int blocks = 0;
        for (int i = 0; i < batches; i++) {
            int[] c = perBatch.getOrDefault(batch(i), new int[2]);
            blocks += c[0];
            if (c[0] > 1 || c[1] > 0) {
                doubled++;
                findings.add(batch(i) + ": " + c[0] + " × 344, " + c[1] + " × 343 (doubled or released)");
            } else if (c[0] < 1) {
                lost++;
                findings.add(batch(i) + ": no 344 (missing)");
            }
        }
        int wrong = wrongStock(sut.sandbox(), findings);
        long held = sut.count("SELECT count(*) FROM audit_event WHERE action = 'quality.recall.batch-held'"
                + " AND entity_id LIKE '" + MATERIAL + "/%'");
        long reports = reports(sut.sandbox());
        log.info("recall under kill: {} blocks, {} doubled, {} lost, {} reports", blocks, doubled, lost, reports);
        return new Check(
                batches,
                blocks,
                doubled,
                lost,
                wrong,
                held,
                reports,
                findings.stream().limit(10).toList());
    }

    private long reports(Sandbox sandbox) {
        return sandbox.sideEffects().since(baseline).stream()
                .filter(e -> e.operation().equals("recall-report.submit")
                        && e.detail().startsWith(RECORD_ID + " "))
                .count();
    }

    private int wrongStock(Sandbox sandbox, List<String> findings) {
        var erp = sandbox.quality().erp();
        int wrong = 0;
        for (int i = 0; i < batches; i++) {
            BigDecimal blocked =
                    erp.stock(MATERIAL, ErpUnderKill.PLANT, ErpUnderKill.LOCATION, batch(i), StockType.BLOCKED);
            if (blocked.compareTo(QUANTITY) != 0) {
                wrong++;
                findings.add(batch(i) + ": " + blocked.toPlainString() + " blocked of " + QUANTITY);
            }
        }
        return wrong;
    }

    private static boolean isBlock(SideEffect e) {
        return e.operation().equals("material-document.post") && e.detail().startsWith("344 " + MATERIAL + " ");
    }

    private String event(Instant at) {
        return "{\"type\":\"recall.opened\",\"schemaVersion\":1,\"eventId\":\"evt_" + RECORD_ID
                + "_opened\",\"occurredAt\":\"" + at + "\",\"source\":\"trackwise-digital\",\"recordId\":\""
                + RECORD_ID + "\",\"recordName\":\"" + NAME + "\",\"lastModifiedAt\":\"" + at + "\",\"site\":\"BSL\","
                + "\"material\":\"" + MATERIAL + "\",\"plant\":\"" + ErpUnderKill.PLANT + "\",\"firstBatch\":\""
                + batch(0) + "\",\"lastBatch\":\"" + batch(batches - 1) + "\",\"manufacturedFrom\":\"2026-10-01\","
                + "\"manufacturedTo\":\"2026-10-31\",\"recallClass\":\"II\","
                + "\"reason\":\"Out-of-specification stability result\",\"status\":\"Opened\",\"openedAt\":\"" + at
                + "\",\"closedAt\":null}";
    }

    static String batch(int i) {
        return String.format(Locale.ROOT, "RC%04d", i);
    }
}
