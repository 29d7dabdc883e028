package org.qualigate.calibration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One comparison of the two systems: how many records each sent, how many could not be used, how many instruments
 * agree, how many conflicts were opened or superseded, which instruments only one system knows, or why nothing was
 * concluded (a failed read).
 */
public record CalibrationRun(
        UUID id,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        int maintenanceRead,
        int qmsRead,
        int unreadable,
        int agreed,
        int opened,
        int superseded,
        int onlyMaintenance,
        int onlyQms,
        @Nullable String error) {

    /** The run as the API shows it: a map, because the same map is the audit entry's new value of the run. */
    public Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("trigger", trigger);
        m.put("startedAt", startedAt);
        m.put("finishedAt", finishedAt);
        m.put("outcome", error == null ? "COMPARED" : "FAILED");
        m.put("maintenanceRead", maintenanceRead);
        m.put("qmsRead", qmsRead);
        m.put("unreadable", unreadable);
        m.put("agreed", agreed);
        m.put("opened", opened);
        m.put("superseded", superseded);
        m.put("onlyInMaintenance", onlyMaintenance);
        m.put("onlyInQms", onlyQms);
        m.put("error", error);
        return m;
    }

    /** The run in one sentence, for the audit trail. */
    String summary() {
        if (error != null) {
            return "nothing compared: " + error;
        }
        return "read " + maintenanceRead + " from the maintenance system and " + qmsRead + " from the QMS ("
                + unreadable + " unusable, kept for review); " + agreed + " agree, " + opened + " conflicts opened, "
                + superseded + " superseded; " + onlyMaintenance + " only in the maintenance system, " + onlyQms
                + " only in the QMS";
    }
}
