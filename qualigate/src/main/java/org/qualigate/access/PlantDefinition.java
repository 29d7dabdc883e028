package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, Plant> earlier = new ConcurrentHashMap<>();

    public PlantDefinition(Plant plant) {
        this.plant = plant;
    }

    public Plant current() {
        return plant;
    }

    /**
     * The plant definition that was in force at the instant: the last version loaded at or before it
     * (the current one when none was recorded yet, or when it is the current version).
     */
    public Plant inForceAt(JdbcClient jdbc, Instant at) {
        record Loaded(String version, String content) {}
        Optional<Loaded> loaded = jdbc.sql("SELECT version, content FROM rules_version WHERE loaded_at <= ? "
                        + "AND content IS NOT NULL ORDER BY loaded_at DESC LIMIT 1")
                .param(Timestamp.from(at))
                .query((rs, n) -> new Loaded(rs.getString(1), rs.getString(2)))
                .optional();
        if (loaded.isEmpty() || loaded.get().version().equals(plant.version())) {
            return plant;
        }
        return earlier.computeIfAbsent(
                loaded.get().version(),
                v -> PlantDefinitionFile.parse(loaded.get().content(), "rules_version " + v));
    }

    /** Records the version if it is new; returns true when it was (so everyone must be planned again). */
    @Transactional
    public boolean recordVersion(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        int inserted = jdbc.sql("INSERT INTO rules_version (version, sha256, loaded_at, content) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (version) DO NOTHING")
                .params(plant.version(), plant.sha256(), Timestamp.from(clock.instant()), plant.text())
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
