package org.qualigate.calibration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.connector.EquipmentCalibrations.System;
import org.qualigate.text.Sha256;

/**
 * What differs between the maintenance system's and the QMS's record of one instrument: its state (calibrated, out
 * of tolerance, out of service), its due date and its last calibration. The systems' own words ("Due",
 * "OPERATING/PASS") are kept as evidence but not compared: they restate the state and the due date.
 */
final class CalibrationDifferences {

    private CalibrationDifferences() {}

    /** Each difference as a sentence; empty when the two agree. */
    static List<String> between(Calibration maintenance, Calibration qms) {
        List<String> d = new ArrayList<>();
        if (maintenance.status() != qms.status()) {
            d.add("status " + maintenance.status() + " (maintenance system) vs " + qms.status() + " (QMS)");
        }
        if (!Objects.equals(maintenance.dueDate(), qms.dueDate())) {
            d.add("calibration due " + text(maintenance.dueDate()) + " (maintenance system) vs " + text(qms.dueDate())
                    + " (QMS)");
        }
        if (!Objects.equals(maintenance.lastCalibration(), qms.lastCalibration())) {
            d.add("last calibrated " + text(maintenance.lastCalibration()) + " (maintenance system) vs "
                    + text(qms.lastCalibration()) + " (QMS)");
        }
        return d;
    }

    /**
     * One side's version as stored with a conflict and shown on its page: a map, because the same map is the audit
     * value of the conflict and part of the content a resolution's signature binds.
     */
    static Map<String, Object> version(System system, Calibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("system", system.name());
        m.put("assetNumber", c.assetNumber());
        m.put("site", c.site());
        m.put("status", c.status().name());
        m.put("sourceStatus", c.sourceStatus());
        m.put("dueDate", c.dueDate() == null ? null : c.dueDate().toString());
        m.put(
                "lastCalibration",
                c.lastCalibration() == null ? null : c.lastCalibration().toString());
        m.put("reference", c.reference());
        return m;
    }

    /**
     * The fingerprint of what is compared (state and dates), so the same pair of versions opens one conflict however
     * often it is read, and a changed side opens a new one.
     */
    static String fingerprint(Calibration c) {
        return Sha256.hex(c.assetNumber() + "|" + c.site() + "|" + c.status() + "|" + text(c.dueDate()) + "|"
                + text(c.lastCalibration()));
    }

    private static String text(Object o) {
        return o == null ? "none" : o.toString();
    }
}
