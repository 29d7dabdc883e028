package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.internal.PlantDefinitionFile;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Holds the plant definition in force. The file is the first version; once a change set has been approved,
 * the database is the source: the rules in force are the {@code rules_version} row with the highest
 * sequence, and every instance adopts a newer one before it plans or delivers (decision 0016).
 */
public class PlantDefinition {

    private static final Logger log = LoggerFactory.getLogger(PlantDefinition.class);

    private final Plant file;
    private volatile Plant plant;
    private volatile long seq = -1;
    private final Map<String, Plant> earlier = new ConcurrentHashMap<>();

    public PlantDefinition(Plant plant) {
        this.file = plant;
        this.plant = plant;
    }

    /** Reads a plant definition file (YAML); a refusal names the entry and the field. */
    public static Plant read(Resource resource) {
        return PlantDefinitionFile.read(resource);
    }

    /**
     * Reads a plant definition from its text (a proposed definition, a change set's content, a recorded rules
     * version); {@code origin} names it in a refusal.
     */
    public static Plant parse(String yaml, String origin) {
        return PlantDefinitionFile.parse(yaml, origin);
    }

    public Plant current() {
        return plant;
    }

    /**
     * Adopts the newest rules version recorded in the database when it is newer than the one held (an
     * approval on this or another instance); one indexed read.
     */
    public void refresh(JdbcClient jdbc) {
        // Once per transaction: a group of events committed together is planned under one rules version, as
        // a single event always was.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            if (TransactionSynchronizationManager.hasResource(this)) {
                return;
            }
            TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PlantDefinition.this);
                }
            });
        }
        long latest = jdbc.sql("SELECT coalesce(max(seq), -1) FROM rules_version WHERE change_set_id IS NOT NULL")
                .query(Long.class)
                .single();
        if (latest > seq) {
            load(jdbc);
        }
    }

    private synchronized void load(JdbcClient jdbc) {
        record Row(
                long seq,
                String version,
                String content,
                @Nullable Long changeSet) {}
        Optional<Row> row = jdbc.sql("SELECT seq, version, content, change_set_id FROM rules_version "
                        + "WHERE content IS NOT NULL ORDER BY seq DESC LIMIT 1")
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), (Long) rs.getObject(4)))
                .optional();
        if (row.isEmpty() || row.get().changeSet() == null || row.get().seq() <= seq) {
            return;
        }
        Plant adopted = row.get().version().equals(plant.version())
                ? plant
                : PlantDefinitionFile.parse(
                        row.get().content(), "rules_version " + row.get().version());
        plant = adopted;
        seq = row.get().seq();
        log.info(
                "rules version {} (change set {}) in force",
                adopted.version(),
                row.get().changeSet());
    }

    /**
     * The plant definition that was in force at the instant: of the versions put in force at or before it, the last
     * one put in force (the current one when none was recorded yet, or when it is the current version). "Last" is
     * the order they were put in force ({@code seq}), as {@link #current} takes it, not their recorded times: two
     * instances' clocks may disagree, and the answer at an instant after all of them must be the current version.
     */
    public Plant inForceAt(JdbcClient jdbc, Instant at) {
        record Loaded(String version, String content) {}
        Optional<Loaded> loaded = jdbc.sql("SELECT version, content FROM rules_version WHERE loaded_at <= ? "
                        + "AND content IS NOT NULL ORDER BY seq DESC LIMIT 1")
                .param(Timestamp.from(at))
                .query((rs, n) -> new Loaded(rs.getString(1), rs.getString(2)))
                .optional();
        Plant now = plant;
        if (loaded.isEmpty() || loaded.get().version().equals(now.version())) {
            return now;
        }
        return earlier.computeIfAbsent(
                loaded.get().version(),
                v -> PlantDefinitionFile.parse(loaded.get().content(), "rules_version " + v));
    }

    /**
     * At start: records the file's version if it is new and no change set governs the rules yet; returns
     * true when it was (so everyone must be planned again). Once a change set has been approved, the rules
     * come from the database and a new file version is ignored with a warning: rules change only through
     * change control.
     */
    @Transactional
    public boolean recordVersion(JdbcClient jdbc, AuditTrail audit, Clock clock) {
        boolean governed = jdbc.sql("SELECT EXISTS (SELECT 1 FROM rules_version WHERE change_set_id IS NOT NULL)")
                .query(Boolean.class)
                .single();
        if (governed) {
            load(jdbc);
            boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM rules_version WHERE version = ?)")
                    .param(file.version())
                    .query(Boolean.class)
                    .single();
            if (!known) {
                log.warn(
                        "plant definition file version {} is ignored: rules are under change control since a change"
                                + " set was approved; {} is in force",
                        file.version(),
                        plant.version());
            }
            return false;
        }
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

    /**
     * Records an approved change set's rules as the version in force, in the caller's transaction (which
     * also asks for everyone to be planned again); this instance adopts it after commit, others on their
     * next refresh.
     */
    public void putInForce(JdbcClient jdbc, Plant approved, long changeSetId, Instant at) {
        jdbc.sql(
                        "INSERT INTO rules_version (version, sha256, loaded_at, content, change_set_id) VALUES (?, ?, ?, ?, ?)")
                .params(approved.version(), approved.sha256(), Timestamp.from(at), approved.text(), changeSetId)
                .update();
    }

    /** When the rules version was put in force, as recorded (the knowledge instant of what it justifies). */
    public Instant loadedAt(JdbcClient jdbc, String version) {
        return jdbc.sql("SELECT loaded_at FROM rules_version WHERE version = ? ORDER BY seq DESC LIMIT 1")
                .param(version)
                .query(Timestamp.class)
                .single()
                .toInstant();
    }

    /** Whether a rules version of that name was ever recorded (versions are never reused). */
    public boolean versionKnown(JdbcClient jdbc, String version) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM rules_version WHERE version = ?)")
                .param(version)
                .query(Boolean.class)
                .single();
    }
}
