package org.qualigate.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per site, whether the QMS sync writes ({@code ENFORCE}) or only computes and reports what it would write
 * ({@code OBSERVE}); a site without a choice of its own follows {@code qualigate.training.default-mode}.
 * Every switch is audited with who made it and why.
 */
@Component
public class TrainingModes {

    /** What the sync does at a site. */
    public enum Mode {
        /** Compute and report what would change; write nothing to the QMS. */
        OBSERVE,
        /** Write to the QMS. */
        ENFORCE
    }

    /** A site's mode, and who chose it, when and why (null for the configured default). */
    public record SiteMode(
            String site,
            Mode mode,
            boolean isDefault,
            @Nullable String changedBy,
            @Nullable String reason,
            @Nullable Instant changedAt) {

        /** The API's answer: the mode in lower case, and who changed it, why and when (absent while never changed). */
        public View view() {
            return new View(site, mode.name().toLowerCase(Locale.ROOT), isDefault, changedBy, reason, changedAt);
        }
    }

    /** A site's mode as the API answers it. */
    public record View(
            String site,
            String mode,
            @JsonProperty("default") boolean isDefault,
            @Nullable String changedBy,
            @Nullable String reason,
            @Nullable Instant changedAt) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final PlantDefinition plant;
    private final Clock clock;
    private final Mode defaultMode;
    private final TrainingQueue queue;

    TrainingModes(
            JdbcClient jdbc,
            AuditTrail audit,
            PlantDefinition plant,
            Clock clock,
            TrainingSyncSettings settings,
            TrainingQueue queue) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.audit = audit;
        this.plant = plant;
        this.clock = clock;
        this.defaultMode = settings.defaultMode();
    }

    /** The mode in force at the site now. */
    public Mode of(String site) {
        return find(site).map(SiteMode::mode).orElse(defaultMode);
    }

    /** Every site of the plant definition (and any other with a stored mode) with its mode. */
    public List<SiteMode> all() {
        TreeSet<String> sites = new TreeSet<>(plant.current().sites().keySet());
        sites.addAll(jdbc.sql("SELECT site FROM training_site_mode")
                .query(String.class)
                .list());
        List<SiteMode> modes = new ArrayList<>();
        for (String site : sites) {
            modes.add(find(site).orElse(new SiteMode(site, defaultMode, true, null, null, null)));
        }
        return modes;
    }

    /**
     * Switches the site's mode; a reason is required; the switch and the previous mode are audited, and the
     * site's people are queued to be worked again under the new mode.
     */
    @Transactional
    public Verdict<SiteMode> change(String site, @Nullable String mode, String changedBy, @Nullable String reason) {
        List<Refusal> errors = new ArrayList<>();
        if (plant.current().site(site).isEmpty()) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND,
                    Refusal.whole("no site " + site + " in the plant definition", "refusal.not-found"));
        }
        Mode next = null;
        if (mode == null || mode.isBlank()) {
            errors.add(Refusal.of("mode", "is required (observe or enforce)", "refusal.training.mode"));
        } else {
            try {
                next = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(Refusal.of("mode", "must be observe or enforce", "refusal.training.mode"));
            }
        }
        if (reason == null || reason.isBlank()) {
            errors.add(Refusal.required("reason"));
        } else if (reason.length() > 2000) {
            errors.add(Refusal.atMost("reason", 2000));
        }
        if (!errors.isEmpty() || next == null || reason == null) {
            return Verdict.invalid(errors);
        }
        Mode before = of(site);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO training_site_mode (site, mode, changed_by, reason, changed_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (site) DO UPDATE SET mode = EXCLUDED.mode, changed_by = EXCLUDED.changed_by,
                            reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at""")
                .params(site, next.name(), changedBy, reason.strip(), Timestamp.from(now))
                .update();
        audit.append(new AuditRecord(
                changedBy,
                "training-mode.changed",
                "site",
                site,
                null,
                Map.of("mode", before.name()),
                Map.of("mode", next.name()),
                reason.strip(),
                null));
        // the site's people are computed again under the new mode: observations appear, or the held-back writes go
        queue.requestSite(site);
        return Verdict.of(new SiteMode(site, next, false, changedBy, reason.strip(), now));
    }

    private Optional<SiteMode> find(String site) {
        return jdbc.sql("SELECT mode, changed_by, reason, changed_at FROM training_site_mode WHERE site = ?")
                .param(site)
                .query((rs, n) -> new SiteMode(
                        site,
                        Mode.valueOf(rs.getString(1)),
                        false,
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }
}
