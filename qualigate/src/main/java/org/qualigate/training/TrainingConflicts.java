package org.qualigate.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.TrainingTarget.TrainingRecord;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The conflict review queue: the same person × course held by the HRIS and, under its own authority, by the
 * QMS, with different completion dates or statuses. Each conflict keeps both versions and their sources; only
 * a person closes it, choosing a resolution and giving a reason under their electronic signature (meaning
 * RESOLVED, bound to the conflict's content with the resolution and the reason), and nothing is resolved
 * silently.
 */
@Component
public class TrainingConflicts {

    /** How a conflict was closed. */
    public enum Resolution {
        /** The HRIS version is right: Qualigate writes it to the QMS as its own record, beside the QMS's one. */
        KEEP_HRIS,
        /** The QMS version is right: the HRIS version is not written. */
        KEEP_QMS,
        /** Neither as it stands (e.g. corrected at the source); the reason says what was done. */
        OTHER
    }

    /**
     * One conflict with both versions; resolution fields are null while it is open. Jackson writes it as the API
     * shows it: its state first after its id, then its fields in this order.
     */
    @JsonPropertyOrder({
        "id",
        "state",
        "employeeId",
        "site",
        "courseCode",
        "code",
        "hris",
        "qms",
        "differences",
        "detectedAt",
        "resolution",
        "resolvedBy",
        "reason",
        "resolvedAt"
    })
    public record Conflict(
            UUID id,
            String employeeId,
            String site,
            String courseCode,
            String code,
            Map<String, Object> hris,
            Map<String, Object> qms,
            String differences,
            Instant detectedAt,
            @Nullable Resolution resolution,
            @Nullable String resolvedBy,
            @Nullable String reason,
            @Nullable Instant resolvedAt) {

        public boolean open() {
            return resolution == null;
        }

        /** {@code OPEN} until resolved, then {@code RESOLVED}. */
        @JsonProperty("state")
        public String state() {
            return open() ? "OPEN" : "RESOLVED";
        }

        /** The conflict as the API and the pages show it, with its signatures (each with its check) last. */
        public View view(List<Map<String, Object>> signatures) {
            return new View(this, signatures);
        }
    }

    /**
     * A conflict as the API answers it: its own fields in place (the resolution's absent while open), then its
     * signatures.
     */
    public record View(@JsonUnwrapped Conflict conflict, List<Map<String, Object>> signatures) {}

    /** The record type a resolution's signature names. */
    public static final String RECORD_TYPE = "training-conflict";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final TrainingQueue queue;
    private final ElectronicSignatures signatures;
    private final Clock clock;

    TrainingConflicts(
            JdbcClient jdbc, AuditTrail audit, TrainingQueue queue, ElectronicSignatures signatures, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.queue = queue;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** What differs between the two versions; empty when they agree on completion date, expiry and status. */
    static List<String> differences(TrainingRecord hris, TrainingRecord qms) {
        List<String> d = new ArrayList<>();
        if (!hris.completedOn().equals(qms.completedOn())) {
            d.add("completion date " + hris.completedOn() + " (HRIS) vs " + qms.completedOn() + " (QMS)");
        }
        if (hris.revoked() != qms.revoked()) {
            d.add("status " + TrainingRecords.status(hris) + " (HRIS) vs " + TrainingRecords.status(qms) + " (QMS)");
        }
        return d;
    }

    /**
     * Opens a conflict for this pair of versions unless the same pair is already known (open or resolved);
     * audited in the caller's transaction. Returns whether a new conflict was opened.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean open(
            String site,
            String code,
            TrainingRecord hris,
            String hrisSource,
            String hrisSha256,
            TrainingRecord qms,
            String qmsSha256,
            @Nullable String correlationId) {
        List<String> differences = differences(hris, qms);
        Map<String, Object> hrisView = TrainingRecords.version(hris, hrisSource);
        Map<String, Object> qmsView =
                TrainingRecords.version(qms, "QMS record " + qms.id() + " (data source " + qms.dataSource() + ")");
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO training_conflict (id, employee_id, site, course_code, code, hris_external_id,
                            hris_version, hris_sha256, qms_record_id, qms_version, qms_sha256, differences, detected_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?)
                        ON CONFLICT (employee_id, course_code, hris_sha256, qms_sha256) DO NOTHING""")
                .params(
                        id,
                        hris.employeeId().value(),
                        site,
                        hris.courseCode(),
                        code,
                        String.valueOf(hris.externalId()),
                        JSON.writeValueAsString(hrisView),
                        hrisSha256,
                        String.valueOf(qms.id()),
                        JSON.writeValueAsString(qmsView),
                        qmsSha256,
                        String.join("; ", differences),
                        Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            return false;
        }
        audit.append(new AuditRecord(
                TrainingSync.ACTOR,
                "training-conflict.opened",
                "training-conflict",
                id.toString(),
                hris.employeeId().value(),
                qmsView,
                hrisView,
                "HRIS and QMS disagree about " + hris.courseCode() + ": " + String.join("; ", differences),
                correlationId));
        return true;
    }

    /** Whether this pair of versions was resolved in favour of the HRIS (then the sync may write its own record). */
    boolean keptHris(EmployeeId employeeId, String courseCode, String hrisSha256, String qmsSha256) {
        return jdbc.sql("""
                                SELECT count(*) FROM training_conflict WHERE employee_id = ? AND course_code = ?
                                    AND hris_sha256 = ? AND qms_sha256 = ? AND resolution = 'KEEP_HRIS'""")
                        .params(employeeId.value(), courseCode, hrisSha256, qmsSha256)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Resolves an open conflict under the resolver's electronic signature (meaning RESOLVED), in one
     * transaction: the signature binds the conflict's content with the resolution, the reason and the
     * resolver, so it fails verification if any of them changes. A refused signature (a wrong password counts
     * toward lockout) resolves nothing and names {@code userId} or {@code password}. The resolution and the
     * reason are audited with both versions; {@code KEEP_HRIS} asks the sync to write the HRIS version.
     */
    @Transactional
    public Verdict<Conflict> resolve(
            UUID id,
            @Nullable String resolution,
            String resolvedBy,
            @Nullable String reason,
            SignatureRequest signing) {
        List<Refusal> errors = new ArrayList<>();
        Resolution r = resolution(resolution, reason, signing, errors);
        if (!errors.isEmpty() || r == null || reason == null) {
            return Verdict.invalid(errors);
        }
        Optional<Conflict> found = find(id, true);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no conflict " + id, "refusal.not-found"));
        }
        Conflict c = found.get();
        if (!c.open()) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "conflict " + id + " was already resolved (" + c.resolution() + " by " + c.resolvedBy()
                                    + ")",
                            "refusal.conflict.settled"));
        }
        String why = reason.strip();
        SignatureOutcome signed =
                signatures.sign(signedRecord(c, r, resolvedBy, why), signing.meaning(Meaning.RESOLVED, why));
        Refusal notSigned = signed.asFieldRefusal();
        if (notSigned != null) {
            return Verdict.invalid(List.of(notSigned));
        }
        Instant now = clock.instant();
        resolved(c, r, resolvedBy, why, signed.applied().get().id().toString(), now);
        if (r == Resolution.KEEP_HRIS) {
            queue.request(EmployeeId.of(c.employeeId()), now);
        }
        return Verdict.of(find(id, false).orElseThrow());
    }

    /** The resolution asked for, or null; each missing or unusable field added to {@code errors}. */
    private static @Nullable Resolution resolution(
            @Nullable String resolution, @Nullable String reason, SignatureRequest signing, List<Refusal> errors) {
        Resolution r = null;
        if (resolution == null || resolution.isBlank()) {
            errors.add(Refusal.of(
                    "resolution", "is required (KEEP_HRIS, KEEP_QMS or OTHER)", "refusal.training.resolution"));
        } else {
            try {
                r = Resolution.valueOf(resolution.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(Refusal.of(
                        "resolution", "must be KEEP_HRIS, KEEP_QMS or OTHER", "refusal.training.resolution"));
            }
        }
        errors.addAll(signing.reasonAndMissingFields(reason));
        return r;
    }

    /** Stores the resolution and audits it, citing the signature. */
    private void resolved(Conflict c, Resolution r, String resolvedBy, String why, String signature, Instant now) {
        UUID id = c.id();
        jdbc.sql("""
                        UPDATE training_conflict SET resolution = ?, resolved_by = ?, resolution_reason = ?,
                            resolved_at = ? WHERE id = ? AND resolution IS NULL""").params(r.name(), resolvedBy, why, Timestamp.from(now), id).update();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resolution", r.name());
        outcome.put("hris", c.hris());
        outcome.put("qms", c.qms());
        outcome.put("signature", signature);
        audit.append(new AuditRecord(
                resolvedBy,
                "training-conflict.resolved",
                RECORD_TYPE,
                id.toString(),
                c.employeeId(),
                Map.of("state", "OPEN", "differences", c.differences()),
                outcome,
                why,
                null));
    }

    /**
     * What a resolution's signature binds: the conflict (id, person, site, course, both versions, the
     * differences, when it was found) with the resolution, the resolver and the reason.
     */
    static SignedRecord signedRecord(Conflict c, Resolution resolution, String resolvedBy, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conflict", c.id().toString());
        m.put("employeeId", c.employeeId());
        m.put("site", c.site());
        m.put("courseCode", c.courseCode());
        m.put("code", c.code());
        m.put("hris", c.hris());
        m.put("qms", c.qms());
        m.put("differences", c.differences());
        m.put("detectedAt", c.detectedAt().toString());
        m.put("resolution", resolution.name());
        m.put("resolvedBy", resolvedBy);
        m.put("reason", reason);
        return new SignedRecord(RECORD_TYPE, c.id().toString(), JSON.writeValueAsString(m));
    }

    /** A resolution's signatures with whether each still matches the resolved conflict, oldest first. */
    public List<ElectronicSignatures.Checked> signaturesOf(Conflict c) {
        if (c.open() || c.resolution() == null || c.resolvedBy() == null || c.reason() == null) {
            return List.of();
        }
        return signatures.checked(signedRecord(c, c.resolution(), c.resolvedBy(), c.reason()));
    }

    /** The conflict as the API and the pages show it: its fields and its signatures, each with its check. */
    public View viewWithSignatures(Conflict c) {
        return c.view(ElectronicSignatures.views(signaturesOf(c)));
    }

    /** One conflict. */
    public Optional<Conflict> find(UUID id) {
        return find(id, false);
    }

    /** Conflicts, oldest first; {@code open} null for all; {@code site} and {@code employeeId} optional filters. */
    public List<Conflict> list(@Nullable Boolean open, @Nullable String site, @Nullable String employeeId) {
        return jdbc.sql("""
                        SELECT * FROM training_conflict
                        WHERE (?::boolean IS NULL OR (resolution IS NULL) = ?)
                          AND (?::text IS NULL OR site = ?) AND (?::text IS NULL OR employee_id = ?)
                        ORDER BY detected_at, id LIMIT 5000""")
                .params(open, open, site, site, employeeId, employeeId)
                .query((rs, n) -> map(rs))
                .list();
    }

    private Optional<Conflict> find(UUID id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM training_conflict WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    @SuppressWarnings("unchecked")
    private static Conflict map(java.sql.ResultSet rs) throws java.sql.SQLException {
        String resolution = rs.getString("resolution");
        Timestamp resolvedAt = rs.getTimestamp("resolved_at");
        return new Conflict(
                rs.getObject("id", UUID.class),
                rs.getString("employee_id"),
                rs.getString("site"),
                rs.getString("course_code"),
                rs.getString("code"),
                JSON.readValue(rs.getString("hris_version"), LinkedHashMap.class),
                JSON.readValue(rs.getString("qms_version"), LinkedHashMap.class),
                rs.getString("differences"),
                rs.getTimestamp("detected_at").toInstant(),
                resolution == null ? null : Resolution.valueOf(resolution),
                rs.getString("resolved_by"),
                rs.getString("resolution_reason"),
                resolvedAt == null ? null : resolvedAt.toInstant());
    }
}
