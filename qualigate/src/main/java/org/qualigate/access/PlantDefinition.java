package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holds the plant definition in force and records each new version in the database and the audit
 * trail the first time the service runs with it.
 */
public class PlantDefinition {

    private final Plant plant;

    public PlantDefinition(Plant plant) {
        this.plant = plant;
    }

    public Plant current() {
        return plant;
    }

    /** Records the version if it is new; returns true when it was (so everyone must be planned again). */
    @Transactional
    public boolean recordVersion(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        int inserted = jdbc.sql("INSERT INTO rules_version (version, sha256, loaded_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (version) DO NOTHING")
                .params(plant.version(), plant.sha256(), Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            String sha = jdbc.sql("SELECT sha256 FROM rules_version WHERE version = ?")
                    .param(plant.version())
                    .query(String.class)
                    .single();
            if (!sha.equals(plant.sha256())) {
                throw new IllegalStateException("plant definition version " + plant.version()
                        + " was changed without a new version (sha256 " + sha + " recorded, " + plant.sha256()
                        + " now): give the changed file a new version");
            }
            return false;
        }
        audit.append(new AuditRecord(
                "system",
                "rules.loaded",
                "rules",
                plant.version(),
                null,
                null,
                Map.of(
                        "version",
                        plant.version(),
                        "sha256",
                        plant.sha256(),
                        "rules",
                        plant.rules().rules().size(),
                        "sites",
                        plant.sites().keySet()),
                "plant definition loaded",
                null));
        return true;
    }
}
