package org.qualigate.calibration;

import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.qualigate.access.InstrumentCalibrations;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.calibration.CalibrationConflict.Correction;
import org.qualigate.calibration.CalibrationConflict.Resolution;
import org.qualigate.calibration.CalibrationConflict.State;
import org.qualigate.connector.EquipmentCalibrations.Calibration;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calibration conflict queue: read, and resolved by QA under an electronic signature (meaning RESOLVED, bound
 * to the conflict's content with the resolution, the resolver and the reason). A resolution that keeps one side
 * leaves a correction PENDING for the other, which {@link CalibrationCorrections} applies; nothing is resolved
 * silently.
 */
@Component
public class CalibrationConflicts {

    /** The record type a resolution's signature names. */
    public static final String RECORD_TYPE = "calibration-conflict";

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ElectronicSignatures signatures;
    private final Clock clock;

    private final InstrumentCalibrations instruments;

    CalibrationConflicts(
            JdbcClient jdbc,
            AuditTrail audit,
            ElectronicSignatures signatures,
            Clock clock,
            InstrumentCalibrations instruments) {
        this.instruments = instruments;
        this.jdbc = jdbc;
        this.audit = audit;
        this.signatures = signatures;
        this.clock = clock;
    }

    /**
     * Resolves an open conflict in one transaction: the inputs checked (every missing field named before any
     * password is checked), the signature applied, the resolution recorded and audited with both versions. A refused
     * signature resolves nothing and names {@code userId} or {@code password}.
     */
    @Transactional
    public Verdict<CalibrationConflict> resolve(
            UUID id,
            @Nullable String resolution,
            String resolvedBy,
            @Nullable String reason,
            SignatureRequest signing) {
        List<Refusal> errors = new ArrayList<>();
        Resolution r = resolution(resolution, errors);
        errors.addAll(signing.reasonAndMissingFields(reason));
        if (!errors.isEmpty() || r == null || reason == null) {
            return Verdict.invalid(errors);
        }
        Optional<CalibrationConflict> found = find(id, true);
        if (found.isEmpty()) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND, Refusal.whole("no calibration conflict " + id, "refusal.not-found"));
        }
        CalibrationConflict c = found.get();
        if (!c.open()) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "calibration conflict " + id + " is "
                                    + c.state().name().toLowerCase(Locale.ROOT)
                                    + (c.resolution() == null
                                            ? ""
                                            : " (" + c.resolution() + " by " + c.resolvedBy() + ")"),
                            "refusal.conflict.settled"));
        }
        String why = reason.strip();
        SignatureOutcome signed =
                signatures.sign(signedRecord(c, r, resolvedBy, why), signing.meaning(Meaning.RESOLVED, why));
        Refusal notSigned = signed.asFieldRefusal();
        if (notSigned != null) {
            return Verdict.invalid(List.of(notSigned));
        }
        record(c, r, resolvedBy, why, signed.applied().get().id().toString());
        return Verdict.of(find(id, false).orElseThrow());
    }

    /** Records the resolution and its audit entry with both versions, in the caller's transaction. */
    private void record(CalibrationConflict c, Resolution r, String resolvedBy, String why, String signatureId) {
        Instant now = clock.instant();
        Correction correction = r == Resolution.ACCEPT ? Correction.NOT_NEEDED : Correction.PENDING;
        jdbc.sql("""
                        UPDATE calibration_conflict SET state = 'RESOLVED', resolution = ?, resolved_by = ?,
                            resolution_reason = ?, resolved_at = ?, correction = ?, next_attempt_at = ?
                        WHERE id = ? AND state = 'OPEN'""")
                .params(
                        r.name(),
                        resolvedBy,
                        why,
                        Timestamp.from(now),
                        correction.name(),
                        correction == Correction.PENDING ? Timestamp.from(now) : null,
                        c.id())
                .update();
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("resolution", r.name());
        outcome.put("maintenance", c.maintenance());
        outcome.put("qms", c.qms());
        outcome.put("correction", correction.name());
        outcome.put("signature", signatureId);
        audit.append(new AuditRecord(
                resolvedBy,
                "calibration-conflict.resolved",
                RECORD_TYPE,
                c.id().toString(),
                null,
                Map.of("state", "OPEN", "differences", c.differences()),
                outcome,
                c.assetNumber() + " at " + c.site() + ": " + explain(r) + ", because " + why,
                null));
        Calibration kept = AgreedCalibration.kept(c, r);
        if (kept != null) {
            instruments.agreed(kept, AgreedCalibration.byResolution(c, r, resolvedBy, why), resolvedBy);
        }
    }

    /** What the resolution means, in words. */
    static String explain(Resolution r) {
        return switch (r) {
            case KEEP_MAINTENANCE -> "the maintenance system's version is right and the QMS is corrected to it";
            case KEEP_QMS -> "the QMS's version is right and the maintenance system is corrected to it";
            case ACCEPT -> "the difference is accepted and neither system is changed";
        };
    }

    private static @Nullable Resolution resolution(@Nullable String text, List<Refusal> errors) {
        if (text == null || text.isBlank()) {
            errors.add(Refusal.of(
                    "resolution",
                    "is required (KEEP_MAINTENANCE, KEEP_QMS or ACCEPT)",
                    "refusal.calibration.resolution"));
            return null;
        }
        try {
            return Resolution.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(Refusal.of(
                    "resolution", "must be KEEP_MAINTENANCE, KEEP_QMS or ACCEPT", "refusal.calibration.resolution"));
            return null;
        }
    }

    /** What a resolution's signature binds: the conflict with both versions, the resolution, resolver and reason. */
    static SignedRecord signedRecord(CalibrationConflict c, Resolution resolution, String resolvedBy, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("conflict", c.id().toString());
        m.put("assetNumber", c.assetNumber());
        m.put("site", c.site());
        m.put("maintenance", c.maintenance());
        m.put("qms", c.qms());
        m.put("differences", c.differences());
        m.put("detectedAt", c.detectedAt().toString());
        m.put("resolution", resolution.name());
        m.put("resolvedBy", resolvedBy);
        m.put("reason", reason);
        return new SignedRecord(RECORD_TYPE, c.id().toString(), JSON.writeValueAsString(m));
    }

    /** A resolution's signatures with whether each still matches the resolved conflict, oldest first. */
    public List<ElectronicSignatures.Checked> signaturesOf(CalibrationConflict c) {
        if (c.resolution() == null || c.resolvedBy() == null || c.reason() == null) {
            return List.of();
        }
        return signatures.checked(signedRecord(c, c.resolution(), c.resolvedBy(), c.reason()));
    }

    /** The conflict as the API shows it, with its signatures and their checks. */
    public CalibrationConflict.View viewWithSignatures(CalibrationConflict c) {
        return c.view(ElectronicSignatures.views(signaturesOf(c)));
    }

    public Optional<CalibrationConflict> find(UUID id) {
        return find(id, false);
    }

    /** Conflicts, oldest first; {@code state} null for all, {@code site} optional. */
    public List<CalibrationConflict> list(@Nullable State state, @Nullable String site) {
        String s = state == null ? null : state.name();
        return jdbc.sql("""
                        SELECT * FROM calibration_conflict
                        WHERE (?::text IS NULL OR state = ?) AND (?::text IS NULL OR site = ?)
                        ORDER BY detected_at, id LIMIT 5000""").params(s, s, site, site).query((rs, n) -> map(rs)).list();
    }

    Optional<CalibrationConflict> find(UUID id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM calibration_conflict WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    @SuppressWarnings("unchecked")
    static CalibrationConflict map(ResultSet rs) throws SQLException {
        String resolution = rs.getString("resolution");
        String correction = rs.getString("correction");
        return new CalibrationConflict(
                rs.getObject("id", UUID.class),
                rs.getString("asset_number"),
                rs.getString("site"),
                JSON.readValue(rs.getString("maintenance_version"), LinkedHashMap.class),
                JSON.readValue(rs.getString("qms_version"), LinkedHashMap.class),
                rs.getString("differences"),
                rs.getTimestamp("detected_at").toInstant(),
                State.valueOf(rs.getString("state")),
                instant(rs, "superseded_at"),
                rs.getString("superseded_reason"),
                resolution == null ? null : Resolution.valueOf(resolution),
                rs.getString("resolved_by"),
                rs.getString("resolution_reason"),
                instant(rs, "resolved_at"),
                correction == null ? null : Correction.valueOf(correction),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                instant(rs, "applied_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
