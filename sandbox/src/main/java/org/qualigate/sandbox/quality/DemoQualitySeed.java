package org.qualigate.sandbox.quality;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.qualigate.sandbox.erp.S4HanaSimulator;
import org.qualigate.sandbox.erp.StockType;
import org.qualigate.sandbox.maximo.MaximoSimulator;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import org.qualigate.sandbox.qms.QualityRefusal;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeds the ERP, the QMS and the maintenance system consistently from the demo content: every material's batches
 * in stock, the few already blocked each held by an open major non-conformance with its CAPA (some of them already
 * overdue), some closed history, and the instruments' calibration in both Maximo and the QMS, disagreeing for about
 * one instrument in fifteen.
 */
public final class DemoQualitySeed {

    static final int FIRST_BATCH = 401;
    private static final int BLOCKED_PER_MATERIAL = 2;

    private final DemoQuality demo;
    private final Map<String, ZoneId> zones;
    private final JsonMapper json;
    private final Random random;

    public DemoQualitySeed(DemoQuality demo, Map<String, ZoneId> zones, JsonMapper json, long seed) {
        this.demo = demo;
        this.zones = zones;
        this.json = json;
        this.random = new Random(seed ^ 0x0_51A1_2026L);
    }

    /** Seeds all three systems; the QMS users are the people, their managers first. */
    public void seed(
            S4HanaSimulator erp, QualityRecords qms, MaximoSimulator maximo, List<QualityPerson> people, Instant now) {
        people.stream().filter(p -> p.managerEmployeeId() == null).forEach(p -> addUser(qms, p));
        people.forEach(p -> addUser(qms, p));
        try {
            stock(erp, qms, people, now);
            equipment(qms, maximo, now);
        } catch (QualityRefusal e) {
            throw new IllegalStateException("the demo quality seed is inconsistent: " + e.getMessage(), e);
        }
    }

    private static void addUser(QualityRecords qms, QualityPerson p) {
        qms.addUser(p.employeeId(), p.name(), p.email(), p.managerEmployeeId());
    }

    private void stock(S4HanaSimulator erp, QualityRecords qms, List<QualityPerson> people, Instant now)
            throws QualityRefusal {
        for (DemoQuality.Material m : demo.materials()) {
            String plant = demo.plant(m.site()).orElseThrow().plant();
            String location = demo.storageLocation(m);
            erp.addMaterial(m.material(), m.unit());
            for (int i = 0; i < demo.batchesPerMaterial(); i++) {
                String batch = DemoQuality.batch(m, FIRST_BATCH + i);
                BigDecimal quantity = m.unit().equals("EA")
                        ? BigDecimal.valueOf(2_000 + 100L * random.nextInt(221))
                        : BigDecimal.valueOf(50 + random.nextInt(451));
                boolean blocked =
                        i >= demo.batchesPerMaterial() - 1 - BLOCKED_PER_MATERIAL && i < demo.batchesPerMaterial() - 1;
                boolean inspection = i == demo.batchesPerMaterial() - 1;
                StockType type = blocked
                        ? StockType.BLOCKED
                        : inspection ? StockType.QUALITY_INSPECTION : StockType.UNRESTRICTED;
                erp.receive(m.material(), plant, location, batch, type, quantity);
                if (blocked) {
                    heldByNonconformance(qms, people, m, plant, batch, now);
                } else if (random.nextDouble() < 0.1) {
                    closedNonconformance(qms, m, plant, batch, now);
                }
            }
        }
    }

    private void heldByNonconformance(
            QualityRecords qms,
            List<QualityPerson> people,
            DemoQuality.Material m,
            String plant,
            String batch,
            Instant now)
            throws QualityRefusal {
        Instant opened = now.minus(3 + random.nextInt(40), ChronoUnit.DAYS);
        ObjectNode nc = nonconformance(m, plant, batch, random.nextDouble() < 0.85 ? "Major" : "Critical");
        nc.put(QualityObject.STATUS, "Under Investigation");
        nc.put(QualityObject.OPENED, opened.toString());
        ObjectNode row = qms.create(QualityObject.NONCONFORMANCE, nc);
        QualityPerson owner = owner(people, m.site());
        if (owner == null) {
            return;
        }
        LocalDate today = today(m.site(), now);
        int days = demo.capaDays().getOrDefault("major", 60);
        LocalDate due = random.nextDouble() < demo.overdueShare()
                ? today.minusDays(1 + random.nextInt(20))
                : LocalDate.ofInstant(opened, ZoneOffset.UTC).plusDays(days);
        qms.create(QualityObject.CAPA, capa(qms, row, owner, m.site(), due));
    }

    private void closedNonconformance(
            QualityRecords qms, DemoQuality.Material m, String plant, String batch, Instant now) throws QualityRefusal {
        Instant opened = now.minus(30 + random.nextInt(200), ChronoUnit.DAYS);
        ObjectNode nc = nonconformance(m, plant, batch, "Minor");
        nc.put(QualityObject.BLOCK_STOCK, false);
        nc.put(QualityObject.OPENED, opened.toString());
        nc.put(QualityObject.STATUS, "Closed - Done");
        nc.put(QualityObject.DISPOSITION, "Release");
        nc.put(
                QualityObject.CLOSED,
                opened.plus(5 + random.nextInt(20), ChronoUnit.DAYS).toString());
        qms.create(QualityObject.NONCONFORMANCE, nc);
    }

    ObjectNode nonconformance(DemoQuality.Material m, String plant, String batch, String severity) {
        ObjectNode nc = json.createObjectNode();
        nc.put(QualityObject.SITE, m.site());
        nc.put(QualityObject.MATERIAL, m.material());
        nc.put(QualityObject.BATCH, batch);
        nc.put(QualityObject.PLANT, plant);
        nc.put(QualityObject.SEVERITY, severity);
        nc.put(QualityObject.DESCRIPTION, description(m, batch));
        return nc;
    }

    /** A description in the style of the demo's examples, naming the batch. */
    String description(DemoQuality.Material m, String batch) {
        List<String> examples = demo.nonconformanceExamples();
        String example =
                examples.isEmpty() ? "Deviation from specification" : examples.get(random.nextInt(examples.size()));
        return example.replaceAll("\\(batch [^)]*\\)", "").trim() + " (batch " + batch + ", " + m.name() + ")";
    }

    ObjectNode capa(QualityRecords qms, ObjectNode nc, QualityPerson owner, String site, LocalDate due) {
        ObjectNode capa = json.createObjectNode();
        capa.put(QualityObject.NC_REF, nc.path("Id").asString());
        capa.put(QualityObject.SITE, site);
        capa.put(
                QualityObject.DESCRIPTION,
                "Root cause and corrective action for " + nc.path("Name").asString());
        capa.put(
                QualityObject.OWNER,
                qms.userByEmployee(owner.employeeId()).orElseThrow().id());
        capa.put(QualityObject.DUE_DATE, due.toString());
        capa.put(QualityObject.STATUS, "In Progress");
        return capa;
    }

    private void equipment(QualityRecords qms, MaximoSimulator maximo, Instant now) throws QualityRefusal {
        List<DemoQuality.Equipment> all = demo.equipment();
        int conflict = random.nextInt(Math.max(1, Math.min(all.size(), demo.conflictOneIn())));
        for (int i = 0; i < all.size(); i++) {
            DemoQuality.Equipment e = all.get(i);
            LocalDate today = today(e.site(), now);
            int interval = e.calibrationEveryDays();
            LocalDate last = today.minusDays((long) (interval * (0.1 + random.nextDouble() * 0.85)));
            LocalDate due = last.plusDays(interval);
            maximo.putAsset(
                    e.asset(),
                    e.site(),
                    e.type(),
                    e.site() + "-" + e.line(),
                    "INSTRUMENT",
                    "OPERATING",
                    due,
                    last,
                    "PASS");
            ObjectNode record = json.createObjectNode();
            record.put(QualityObject.EXTERNAL_ID, e.asset());
            record.put(QualityObject.SITE, e.site());
            record.put(QualityObject.LINE, e.line());
            record.put(QualityObject.EQUIPMENT_TYPE, e.type());
            boolean stale = i == conflict;
            LocalDate qmsLast = stale ? last.minusDays(interval) : last;
            record.put(QualityObject.LAST_CALIBRATION, qmsLast.toString());
            record.put(QualityObject.CALIBRATION_DUE, qmsLast.plusDays(interval).toString());
            record.put(QualityObject.CALIBRATION_STATUS, calibrationStatus(qmsLast.plusDays(interval), today));
            record.put(QualityObject.INTERVAL, interval);
            qms.create(QualityObject.EQUIPMENT, record);
        }
    }

    /** The QMS's calibration status for a due date: Overdue after it, Due within 14 days, else Calibrated. */
    static String calibrationStatus(LocalDate due, LocalDate today) {
        if (due.isBefore(today)) {
            return "Overdue";
        }
        return due.isBefore(today.plusDays(14)) ? "Due" : "Calibrated";
    }

    @Nullable
    QualityPerson owner(List<QualityPerson> people, String site) {
        // Owners are the people with a manager to escalate to; the managers themselves own none.
        List<QualityPerson> here = new ArrayList<>(people.stream()
                .filter(p -> p.site().equals(site) && p.managerEmployeeId() != null)
                .toList());
        List<QualityPerson> pool = here.isEmpty() ? people : here;
        return pool.isEmpty() ? null : pool.get(random.nextInt(pool.size()));
    }

    LocalDate today(String site, Instant now) {
        return LocalDate.ofInstant(now, zones.getOrDefault(site, ZoneOffset.UTC));
    }

    Random random() {
        return random;
    }
}
