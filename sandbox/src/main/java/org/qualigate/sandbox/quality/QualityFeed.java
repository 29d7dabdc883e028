package org.qualigate.sandbox.quality;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.maximo.Asset;
import org.qualigate.sandbox.maximo.MaximoSimulator;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import org.qualigate.sandbox.qms.QualityRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What QA, production and maintenance do in the demo, one step per tick: raise a non-conformance on a real batch
 * in unrestricted stock, close one with disposition release or reject, let a CAPA run overdue (its due date moved to
 * yesterday, the feed's stand-in for the weeks passing), close a CAPA, open or cancel a recall over a run of
 * batches, or record a calibration in Maximo that the QMS does not know of (a conflict). Each step goes through the
 * QMS as its users would, so the QMS sends its events.
 */
public final class QualityFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QualityFeed.class);

    private final DemoQuality demo;
    private final DemoQualitySeed seed;
    private final S4HanaSimulator erp;
    private final QualityRecords qms;
    private final MaximoSimulator maximo;
    private final List<QualityPerson> people;
    private final Clock clock;
    private final JsonMapper json;
    private final Random random;
    private @Nullable ScheduledExecutorService ticker;

    public QualityFeed(
            DemoQuality demo,
            DemoQualitySeed seed,
            S4HanaSimulator erp,
            QualityRecords qms,
            MaximoSimulator maximo,
            List<QualityPerson> people,
            Clock clock,
            JsonMapper json) {
        this.demo = demo;
        this.seed = seed;
        this.erp = erp;
        this.qms = qms;
        this.maximo = maximo;
        this.people = List.copyOf(people);
        this.clock = clock;
        this.json = json;
        this.random = seed.random();
    }

    /** Runs a step every {@code seconds} until closed; does nothing if running or if seconds is not positive. */
    public synchronized void start(double seconds) {
        if (ticker != null || seconds <= 0) {
            return;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("quality-feed").unstarted(r));
        long millis = (long) (seconds * 1000);
        t.scheduleWithFixedDelay(
                () -> {
                    try {
                        log.info("quality feed: {}", step());
                    } catch (RuntimeException e) {
                        log.warn("quality feed step failed", e);
                    }
                },
                millis,
                millis,
                TimeUnit.MILLISECONDS);
        ticker = t;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
    }

    /** Takes one step, chosen at random in the demo's proportions; says what it did. */
    public String step() {
        double r = random.nextDouble();
        try {
            if (r < 0.35) {
                return raiseNonconformance().orElse("no batch in unrestricted stock");
            } else if (r < 0.60) {
                Optional<String> closed = closeNonconformance();
                return closed.isPresent() ? closed.get() : raiseNonconformance().orElse("nothing to close");
            } else if (r < 0.72) {
                return capaOverdue().orElse("no CAPA to let slip");
            } else if (r < 0.80) {
                return closeCapa().orElse("no CAPA to close");
            } else if (r < 0.88) {
                return recall().orElse("no recall");
            }
            return calibrationConflict().orElse("no instrument");
        } catch (QualityRefusal e) {
            return "the QMS refused the step: " + e.code() + " " + e.getMessage();
        }
    }

    /** A new major (sometimes minor or critical) NC naming a batch that has unrestricted stock and no open NC. */
    public Optional<String> raiseNonconformance() throws QualityRefusal {
        List<String> held = open(QualityObject.NONCONFORMANCE).stream()
                .map(r -> r.path(QualityObject.BATCH).asString(""))
                .toList();
        List<List<String>> candidates = erp.batches().stream()
                .filter(b -> !held.contains(b.get(3)))
                .filter(b -> erp.stock(b.get(0), b.get(1), b.get(2), b.get(3), StockType.UNRESTRICTED)
                                .compareTo(BigDecimal.ZERO)
                        > 0)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<String> b = candidates.get(random.nextInt(candidates.size()));
        DemoQuality.Material m = demo.materials().stream()
                .filter(x -> x.material().equals(b.get(0)))
                .findFirst()
                .orElseThrow();
        double s = random.nextDouble();
        String severity = s < 0.7 ? "Major" : s < 0.95 ? "Minor" : "Critical";
        ObjectNode nc = seed.nonconformance(m, b.get(1), b.get(3), severity);
        if (severity.equals("Minor") && random.nextBoolean()) {
            nc.put(QualityObject.BLOCK_STOCK, true);
        }
        ObjectNode row = qms.create(QualityObject.NONCONFORMANCE, nc);
        QualityPerson owner = seed.owner(people, m.site());
        if (owner != null && !severity.equals("Minor")) {
            LocalDate due = seed.today(m.site(), clock.instant())
                    .plusDays(demo.capaDays().getOrDefault(severity.toLowerCase(java.util.Locale.ROOT), 60));
            qms.create(QualityObject.CAPA, seed.capa(qms, row, owner, m.site(), due));
        }
        return Optional.of("raised " + row.path("Name").asString() + " (" + severity + ") on batch " + b.get(3));
    }

    /** Closes the oldest open NC with disposition release (seven in ten) or reject. */
    public Optional<String> closeNonconformance() throws QualityRefusal {
        Optional<ObjectNode> oldest = open(QualityObject.NONCONFORMANCE).stream()
                .min(Comparator.comparing(r -> r.path(QualityObject.OPENED).asString("")));
        if (oldest.isEmpty()) {
            return Optional.empty();
        }
        String disposition = random.nextDouble() < 0.7 ? "Release" : "Reject";
        ObjectNode change = json.createObjectNode();
        change.put(QualityObject.STATUS, "Closed - Done");
        change.put(QualityObject.DISPOSITION, disposition);
        change.put(QualityObject.CLOSED, clock.instant().toString());
        ObjectNode row =
                qms.update(QualityObject.NONCONFORMANCE, oldest.get().path("Id").asString(), change);
        return Optional.of("closed " + row.path("Name").asString() + " with disposition " + disposition);
    }

    /** Moves an open CAPA's due date to yesterday, so its escalation falls due. */
    public Optional<String> capaOverdue() throws QualityRefusal {
        Instant now = clock.instant();
        List<ObjectNode> candidates = open(QualityObject.CAPA).stream()
                .filter(c -> !LocalDate.parse(c.path(QualityObject.DUE_DATE).asString())
                        .isBefore(seed.today(c.path(QualityObject.SITE).asString(), now)))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode capa = candidates.get(random.nextInt(candidates.size()));
        LocalDate yesterday =
                seed.today(capa.path(QualityObject.SITE).asString(), now).minusDays(1);
        ObjectNode change = json.createObjectNode();
        change.put(QualityObject.DUE_DATE, yesterday.toString());
        ObjectNode row = qms.update(QualityObject.CAPA, capa.path("Id").asString(), change);
        return Optional.of(row.path("Name").asString() + " is now overdue (due " + yesterday + ")");
    }

    /** Closes an open CAPA as effective. */
    public Optional<String> closeCapa() throws QualityRefusal {
        List<ObjectNode> candidates = open(QualityObject.CAPA);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode capa = candidates.get(random.nextInt(candidates.size()));
        ObjectNode change = json.createObjectNode();
        change.put(QualityObject.STATUS, "Closed - Effective");
        change.put(QualityObject.CLOSED, clock.instant().toString());
        ObjectNode row = qms.update(QualityObject.CAPA, capa.path("Id").asString(), change);
        return Optional.of("closed " + row.path("Name").asString());
    }

    /** Cancels an open recall (three in ten, when one is open), or opens one over 5-10 consecutive batches. */
    public Optional<String> recall() throws QualityRefusal {
        List<ObjectNode> openRecalls = open(QualityObject.RECALL);
        if (!openRecalls.isEmpty() && random.nextDouble() < 0.3) {
            ObjectNode change = json.createObjectNode();
            change.put(QualityObject.STATUS, "Closed - Canceled");
            change.put(QualityObject.CLOSED, clock.instant().toString());
            ObjectNode row = qms.update(
                    QualityObject.RECALL, openRecalls.getFirst().path("Id").asString(), change);
            return Optional.of("cancelled recall " + row.path("Name").asString());
        }
        DemoQuality.Material m =
                demo.materials().get(random.nextInt(demo.materials().size()));
        int size = 5 + random.nextInt(6);
        int first = DemoQualitySeed.FIRST_BATCH + random.nextInt(Math.max(1, demo.batchesPerMaterial() - size));
        ObjectNode recall = json.createObjectNode();
        recall.put(QualityObject.SITE, m.site());
        recall.put(QualityObject.MATERIAL, m.material());
        recall.put(QualityObject.PLANT, demo.plant(m.site()).orElseThrow().plant());
        recall.put(QualityObject.FIRST_BATCH, DemoQuality.batch(m, first));
        recall.put(QualityObject.LAST_BATCH, DemoQuality.batch(m, first + size - 1));
        recall.put(QualityObject.RECALL_CLASS, random.nextDouble() < 0.8 ? "II" : "I");
        recall.put(QualityObject.REASON, "Out-of-specification stability result, " + m.name());
        ObjectNode row = qms.create(QualityObject.RECALL, recall);
        return Optional.of(
                "opened recall " + row.path("Name").asString() + " for " + size + " batches of " + m.material());
    }

    /**
     * Records a calibration in Maximo alone: an instrument found out of tolerance (result FAIL, asset BROKEN) while
     * the QMS still says calibrated, or a passed recalibration the QMS has not seen. Either way the two disagree.
     */
    public Optional<String> calibrationConflict() {
        List<Asset> assets = maximo.assets();
        if (assets.isEmpty()) {
            return Optional.empty();
        }
        Asset asset = assets.get(random.nextInt(assets.size()));
        LocalDate today = seed.today(asset.siteid(), clock.instant());
        int interval = demo.equipment().stream()
                .filter(e -> e.asset().equals(asset.assetnum()))
                .findFirst()
                .map(DemoQuality.Equipment::calibrationEveryDays)
                .orElse(365);
        if (asset.calibrationResult().equals("PASS") && random.nextBoolean()) {
            maximo.recordCalibration(asset.assetnum(), "BROKEN", asset.calibrationDue(), today, "FAIL");
            return Optional.of(asset.assetnum() + " found out of tolerance in Maximo; the QMS is not told");
        }
        maximo.recordCalibration(asset.assetnum(), "OPERATING", today.plusDays(interval), today, "PASS");
        return Optional.of(asset.assetnum() + " recalibrated in Maximo (due " + today.plusDays(interval)
                + "); the QMS is not told");
    }

    private List<ObjectNode> open(QualityObject object) {
        List<ObjectNode> open = new ArrayList<>();
        for (ObjectNode r : qms.all(object)) {
            String status = r.path(QualityObject.STATUS).asString("");
            if (!status.startsWith("Closed") && !status.equals("Draft")) {
                open.add(r);
            }
        }
        return open;
    }
}
