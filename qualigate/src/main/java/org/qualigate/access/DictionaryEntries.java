package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dictionary in force: the plant definition's mappings, and entries added at run time for source
 * codes it lacks (each audited). A source code already mapped by the plant definition cannot be mapped
 * again here: changing a mapping goes through the plant definition's versions.
 */
@Component
public class DictionaryEntries {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final PlantDefinition plant;
    private final Clock clock;

    public DictionaryEntries(JdbcClient jdbc, AuditTrail audit, PlantDefinition plant, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.plant = plant;
        this.clock = clock;
    }

    public Optional<QualificationCode> canonical(String system, String sourceCode) {
        Optional<QualificationCode> fromPlant = plant.current().dictionary().canonical(system, sourceCode);
        if (fromPlant.isPresent()) {
            return fromPlant;
        }
        Optional<QualificationCode> added = jdbc.sql(
                        "SELECT code FROM dictionary_entry WHERE system = ? AND source_code = ?")
                .params(system, sourceCode)
                .query(String.class)
                .optional()
                .map(QualificationCode::of);
        if (added.isPresent()) {
            return added;
        }
        // A rules change approved on another instance in the last moments may map it: look before refusing,
        // so an event is never parked as unmapped under rules older than the approval it followed.
        plant.refresh(jdbc);
        return plant.current().dictionary().canonical(system, sourceCode);
    }

    /** Why the mapping cannot be added now (the field, its English reason and its sentence), or empty when it can. */
    public Optional<Refusal> refusal(String system, String sourceCode, QualificationCode code) {
        if (!plant.current().dictionary().names().containsKey(code)) {
            return Optional.of(Refusal.of(
                    "code",
                    code + " is not a qualification of the plant definition",
                    "refusal.mapping.unknown-code",
                    code.value()));
        }
        if (canonical(system, sourceCode).isPresent()) {
            return Optional.of(Refusal.of(
                    "sourceCode",
                    sourceCode + " is already mapped in the " + system + " dictionary",
                    "refusal.mapping.already-mapped",
                    sourceCode,
                    system));
        }
        return Optional.empty();
    }

    /** Adds a mapping; a refusal (unknown code, already mapped) is returned as its reason. */
    @Transactional
    public Optional<String> add(String system, String sourceCode, QualificationCode code, String actor) {
        return add(system, sourceCode, code, actor, "mapping added at run time");
    }

    /** Adds a mapping with the reason recorded in the audit trail (e.g. the approved change set). */
    @Transactional
    public Optional<String> add(String system, String sourceCode, QualificationCode code, String actor, String reason) {
        Optional<String> refused = refusal(system, sourceCode, code).map(r -> r.field() + ": " + r.reason());
        if (refused.isPresent()) {
            return refused;
        }
        jdbc.sql("INSERT INTO dictionary_entry (system, source_code, code, added_by, added_at) VALUES (?, ?, ?, ?, ?)")
                .params(system, sourceCode, code.value(), actor, Timestamp.from(clock.instant()))
                .update();
        audit.append(new AuditRecord(
                actor,
                "dictionary.mapped",
                "dictionary",
                system + "/" + sourceCode,
                null,
                null,
                Map.of("system", system, "sourceCode", sourceCode, "code", code.value()),
                reason,
                null));
        return Optional.empty();
    }

    /** The entries added at run time. */
    public List<Entry> added() {
        return jdbc.sql("SELECT system, source_code, code, added_by, added_at FROM dictionary_entry ORDER BY added_at")
                .query((rs, n) -> new Entry(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** A mapping added at run time: the source's code in its system, the plant qualification, who and when. */
    public record Entry(String system, String sourceCode, String code, String addedBy, Instant addedAt) {}
}
