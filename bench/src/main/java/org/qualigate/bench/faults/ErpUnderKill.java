package org.qualigate.bench.faults;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.qualigate.bench.NonconformanceEvents;
import org.qualigate.sandbox.Fault;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SideEffect;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault suite's ERP part. Non-conformances block batches in the sandbox's S/4HANA (movement 344) and their
 * closure releases half of them (343) and keeps the others blocked, while the service is killed with {@code kill -9}
 * in the middle of the movements: the ERP answers every posting late, so postings are in flight when the process
 * dies, and the ERP takes them after it is gone. Judged from the simulator's side-effect log and stock after the
 * suite has healed: every batch blocked by exactly one 344, every released one unblocked by exactly one 343, none
 * twice, none missing, and one audit entry for each.
 */
final class ErpUnderKill {

    private static final Logger log = LoggerFactory.getLogger(ErpUnderKill.class);

    static final String MATERIAL = "QGFAULT";
    static final String PLANT = "CH10";
    static final String LOCATION = "0001";
    private static final BigDecimal QUANTITY = new BigDecimal("100");
    private static final String POSTING = "POST /A_MaterialDocumentHeader";
    /** How late the ERP answers a posting while a kill is coming: long enough that several are in flight. */
    private static final Duration LATE_ANSWER = Duration.ofMillis(2000);

    /**
     * What the side-effect log and the stock show after the run.
     *
     * @param doubled batches blocked or released by more than one movement, or released though rejected
     * @param lost batches with a movement missing (not blocked, or released without its 343)
     * @param wrongStock batches whose final stock is not what their NC's disposition asks for
     */
    record Check(
            int batches,
            int released,
            int blocks,
            int releases,
            int doubled,
            int lost,
            int wrongStock,
            long blocksAudited,
            long releasesAudited,
            long recoveredAudited,
            List<String> findings) {

        /** The rows of the report's ERP table. */
        String markdown() {
            StringBuilder b = new StringBuilder(
                    "| ERP (S/4HANA simulator) under `kill -9` mid-movement | count |\n" + "| --- | ---: |\n");
            b.append("| batches blocked by an NC / released by its closure (the others rejected) | ")
                    .append(batches)
                    .append(" / ")
                    .append(released)
                    .append(" |\n");
            b.append("| movements 344 / 343 in the ERP's side-effect log | ")
                    .append(blocks)
                    .append(" / ")
                    .append(releases)
                    .append(" |\n");
            b.append("| batches moved twice | ").append(doubled).append(" |\n");
            b.append("| batches with a movement missing | ").append(lost).append(" |\n");
            b.append("| batches whose final stock differs from their disposition | ")
                    .append(wrongStock)
                    .append(" |\n");
            b.append("| blocks / releases audited (of them found by header text after the kill) | ")
                    .append(blocksAudited)
                    .append(" / ")
                    .append(releasesAudited)
                    .append(" (")
                    .append(recoveredAudited)
                    .append(") |\n");
            findings.forEach(f -> b.append("| finding: ").append(f).append(" | |\n"));
            return b.toString();
        }

        boolean clean() {
            return doubled == 0
                    && lost == 0
                    && wrongStock == 0
                    && blocksAudited == blocks
                    && releasesAudited == releases;
        }
    }

    private final int batches;
    private final Random random;
    private final long baseline;
    private final Instant openedAt = Instant.now();

    private ErpUnderKill(int batches, long seed, long baseline) {
        this.batches = batches;
        this.random = new Random(seed);
        this.baseline = baseline;
    }

    /** Puts the batches into the ERP, each with stock in unrestricted use, before the service first starts. */
    static ErpUnderKill seed(Sandbox sandbox, int batches, long seed) {
        var erp = sandbox.quality().erp();
        erp.addMaterial(MATERIAL, "EA");
        for (int i = 0; i < batches; i++) {
            erp.receive(MATERIAL, PLANT, LOCATION, batch(i), StockType.UNRESTRICTED, QUANTITY);
        }
        return new ErpUnderKill(batches, seed, sandbox.sideEffects().latestSeq());
    }

    /** The service's settings: the ERP, the QMS's signed quality events, a worker paced for the suite. */
    static List<String> serviceArguments(Sandbox sandbox) {
        return List.of(
                "--qualigate.quality.erp.base-url=" + sandbox.quality().erpBaseUri(),
                "--qualigate.quality.erp.username=" + S4HanaSimulator.USER,
                "--qualigate.quality.erp.password=" + S4HanaSimulator.PASSWORD,
                "--qualigate.quality.hook.secrets=" + SystemUnderTest.SECRET,
                "--qualigate.quality.poll-interval=PT0.2S",
                // as the delivery lease: a batch the killed process held is taken over soon after the restart
                "--qualigate.quality.lease-for=PT15S",
                "--qualigate.quality.backoff-initial=PT0.5S",
                "--qualigate.quality.backoff-max=PT5S");
    }

    /**
     * Opens an NC on every batch with the ERP answering late; returns how many blocks ({@code 344}) to let the ERP
     * take before a kill, drawn so that the kill lands at another point in each run.
     */
    int openAll(SystemUnderTest sut) throws Exception {
        sut.sandbox().faults().inject(Fault.slow("erp", POSTING, LATE_ANSWER, batches));
        for (int i = 0; i < batches; i++) {
            send(sut, "ncopen-" + i, NonconformanceEvents.opened(key(i), openedAt, MATERIAL, batch(i), PLANT));
        }
        return 1 + random.nextInt(Math.max(1, batches / 4));
    }

    /** Whether every batch is blocked: the closures are sent only then, so a kill before must have lost none. */
    boolean allBlocked(Sandbox sandbox) {
        return blocked(sandbox) == batches;
    }

    /** How many batches are blocked, for the report. */
    String blockedSoFar(Sandbox sandbox) {
        return blocked(sandbox) + " of " + batches;
    }

    /**
     * Closes every NC, releasing the even batches and rejecting the odd ones, with the ERP answering late; returns
     * how many releases ({@code 343}) to let the ERP take before a kill.
     */
    int closeAll(SystemUnderTest sut) throws Exception {
        sut.sandbox().faults().inject(Fault.slow("erp", POSTING, LATE_ANSWER, released()));
        Instant at = Instant.now();
        for (int i = 0; i < batches; i++) {
            String disposition = i % 2 == 0 ? "Release" : "Reject";
            send(
                    sut,
                    "ncclose-" + i,
                    NonconformanceEvents.closed(key(i), openedAt, at, disposition, MATERIAL, batch(i), PLANT));
        }
        return 1 + random.nextInt(Math.max(1, released() / 4));
    }

    /** How many postings of the movement type the run calls for. */
    int wanted(String movementType) {
        return movementType.equals("344") ? batches : released();
    }

    /** Postings the service has decided (their intent committed) and not yet resolved. */
    static long inFlight(SystemUnderTest sut) {
        return sut.count("SELECT count(*) FROM quality_movement_intent");
    }

    /** Waits until each batch's stock is as its NC's disposition asks and no movement intent is open. */
    boolean awaitSettled(SystemUnderTest sut, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (wrongStock(sut.sandbox(), new ArrayList<>()) == 0
                    && sut.count("SELECT count(*) FROM quality_movement_intent") == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Counts each batch's movements in the side-effect log, its final stock and the audit entries. */
    Check check(SystemUnderTest sut) {
        Map<String, int[]> perBatch =
                movementsPerBatch(sut.sandbox().sideEffects().since(baseline), MATERIAL);
        List<String> findings = new ArrayList<>();
        int doubled = 0;
        int lost = 0;
        int blocks = 0;
        int releases = 0;
        for (int i = 0; i < batches; i++) {
            int[] c = perBatch.getOrDefault(batch(i), new int[2]);
            int wantedReleases = i % 2 == 0 ? 1 : 0;
            blocks += c[0];
            releases += c[1];
            if (c[0] > 1 || c[1] > wantedReleases) {
                doubled++;
                findings.add(batch(i) + ": " + c[0] + " × 344, " + c[1] + " × 343 (doubled)");
            } else if (c[0] < 1 || c[1] < wantedReleases) {
                lost++;
                findings.add(batch(i) + ": " + c[0] + " × 344, " + c[1] + " × 343 (missing)");
            }
        }
        int wrong = wrongStock(sut.sandbox(), findings);
        String entity = "entity_type = 'batch' AND entity_id LIKE '" + MATERIAL + "/%'";
        long blocksAudited =
                sut.count("SELECT count(*) FROM audit_event WHERE action = 'quality.batch.blocked' AND " + entity);
        long releasesAudited =
                sut.count("SELECT count(*) FROM audit_event WHERE action = 'quality.batch.unblocked' AND " + entity);
        long recovered = sut.count("SELECT count(*) FROM audit_event WHERE action LIKE 'quality.batch.%blocked' AND "
                + entity + " AND reason LIKE '%found by its header text%'");
        log.info(
                "ERP under kill: {} blocks, {} releases, {} doubled, {} lost, {} wrong stock",
                blocks,
                releases,
                doubled,
                lost,
                wrong);
        return new Check(
                batches,
                released(),
                blocks,
                releases,
                doubled,
                lost,
                wrong,
                blocksAudited,
                releasesAudited,
                recovered,
                findings.stream().limit(10).toList());
    }

    /** Each batch of the material's postings in the side-effect log: {@code [344s, 343s]}. */
    static Map<String, int[]> movementsPerBatch(List<SideEffect> effects, String material) {
        Map<String, int[]> perBatch = new HashMap<>();
        for (SideEffect e : effects) {
            String[] item = e.detail().split(" ");
            if (!e.operation().equals("material-document.post") || item.length < 5 || !item[1].equals(material)) {
                continue;
            }
            perBatch.computeIfAbsent(item[4], b -> new int[2])[item[0].equals("344") ? 0 : 1]++;
        }
        return perBatch;
    }

    private int wrongStock(Sandbox sandbox, List<String> findings) {
        var erp = sandbox.quality().erp();
        int wrong = 0;
        for (int i = 0; i < batches; i++) {
            BigDecimal free = erp.stock(MATERIAL, PLANT, LOCATION, batch(i), StockType.UNRESTRICTED);
            BigDecimal blocked = erp.stock(MATERIAL, PLANT, LOCATION, batch(i), StockType.BLOCKED);
            BigDecimal wantedFree = i % 2 == 0 ? QUANTITY : BigDecimal.ZERO;
            if (free.compareTo(wantedFree) != 0 || free.add(blocked).compareTo(QUANTITY) != 0) {
                wrong++;
                findings.add(batch(i) + ": " + free.toPlainString() + " unrestricted, " + blocked.toPlainString()
                        + " blocked");
            }
        }
        return wrong;
    }

    private int blocked(Sandbox sandbox) {
        var erp = sandbox.quality().erp();
        int n = 0;
        for (int i = 0; i < batches; i++) {
            if (erp.stock(MATERIAL, PLANT, LOCATION, batch(i), StockType.BLOCKED)
                            .compareTo(QUANTITY)
                    == 0) {
                n++;
            }
        }
        return n;
    }

    private int released() {
        return (batches + 1) / 2;
    }

    /** How many postings of the movement type the ERP has taken (it only ever adds to its log). */
    long movements(Sandbox sandbox, String movementType) {
        return movementsAfter(sandbox, movementType, baseline);
    }

    /** How many postings of the movement type the ERP took after its side-effect log's entry {@code seq}. */
    long movementsAfter(Sandbox sandbox, String movementType, long seq) {
        return sandbox.sideEffects().since(seq).stream()
                .filter(e -> e.operation().equals("material-document.post")
                        && e.detail().startsWith(movementType + " " + MATERIAL + " "))
                .count();
    }

    /** Sends the event until the service acknowledges it, as the QMS re-sends an unanswered webhook. */
    static void send(SystemUnderTest sut, String webhookId, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // as long as a life of the service may take to start: the service may be down between a kill and a restart
        long deadline = System.nanoTime() + Patience.RESENDING.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try {
                int status = sut.signedHook(
                                "trackwise", webhookId, Instant.now().getEpochSecond(), bytes)
                        .statusCode();
                if (status == 200 || status == 202) {
                    return;
                }
                log.info("quality event {} answered {}; again", webhookId, status);
            } catch (java.io.IOException e) {
                // not answered: send it again
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the quality event " + webhookId + " was not acknowledged within "
                + Patience.RESENDING.toSeconds() + " s (load average " + Patience.loadAverage() + ")");
    }

    private static String key(int i) {
        return String.format(Locale.ROOT, "FAULT%04d", i);
    }

    static String batch(int i) {
        return String.format(Locale.ROOT, "QF%06d", i);
    }
}
