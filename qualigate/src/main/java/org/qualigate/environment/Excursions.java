package org.qualigate.environment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.qualigate.environment.ExcursionDraft.Review;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The excursions and their NC drafts: listed for QA, and reviewed under an electronic signature — accepted as a
 * non-conformance or dismissed, with the reason, bound to the draft's content and audited in the same transaction.
 */
@Component
public class Excursions {

    /** The record type of an excursion's audit entries and signatures. */
    public static final String RECORD_TYPE = "ems-excursion";

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ElectronicSignatures signatures;
    private final Clock clock;

    Excursions(JdbcClient jdbc, AuditTrail audit, ElectronicSignatures signatures, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.signatures = signatures;
        this.clock = clock;
    }

    /** Excursions newest first; {@code review} null for all. */
    public List<ExcursionDraft> list(@Nullable Review review, int limit) {
        String r = review == null ? null : review.name();
        return jdbc.sql("""
                        SELECT * FROM ems_excursion WHERE (?::text IS NULL OR review = ?)
                        ORDER BY started_at DESC, id LIMIT ?""")
                .params(r, r, Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> map(rs))
                .list();
    }

    public Optional<ExcursionDraft> find(UUID id) {
        return jdbc.sql("SELECT * FROM ems_excursion WHERE id = ?")
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
    }

    /**
     * QA's review of a pending draft: {@code ACCEPT} (a non-conformance to raise in the QMS) or {@code DISMISS},
     * with the reason, under signature; every missing field is named before any password is checked.
     */
    @Transactional
    public Verdict<ExcursionDraft> review(
            UUID id, @Nullable String decision, String actor, @Nullable String reason, SignatureRequest signing) {
        List<Refusal> errors = new ArrayList<>();
        Review outcome = decision(decision, errors);
        errors.addAll(signing.reasonAndMissingFields(reason));
        if (!errors.isEmpty() || outcome == null || reason == null) {
            return Verdict.invalid(errors);
        }
        Optional<ExcursionDraft> found = jdbc.sql("SELECT * FROM ems_excursion WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> map(rs))
                .optional();
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, Refusal.whole("no excursion " + id, "refusal.not-found"));
        }
        ExcursionDraft d = found.get();
        if (d.review() != Review.PENDING) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "excursion " + id + " is not a draft waiting for review ("
                                    + d.review().name().toLowerCase(Locale.ROOT) + ")",
                            "refusal.excursion.not-pending"));
        }
        String why = reason.strip();
        SignatureOutcome signed = signatures.sign(signedRecord(d, outcome, actor, why), signing);
        Refusal notSigned = signed.asFieldRefusal();
        if (notSigned != null) {
            return Verdict.invalid(List.of(notSigned));
        }
        record(d, outcome, actor, why, signed.applied().get().id().toString());
        return Verdict.of(find(id).orElseThrow());
    }

    private void record(ExcursionDraft d, Review outcome, String actor, String why, String signature) {
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE ems_excursion SET review = ?, reviewed_by = ?, review_reason = ?, reviewed_at = ?,
                            signature = ?, qms_due_at = ? WHERE id = ? AND review = 'PENDING'""")
                // accepted, it is due to be raised in the QMS from now (ExcursionRaising)
                .params(
                        outcome.name(),
                        actor,
                        why,
                        Timestamp.from(now),
                        signature,
                        outcome == Review.ACCEPTED ? Timestamp.from(now) : null,
                        d.id())
                .update();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("review", outcome.name());
        after.put("signature", signature);
        audit.append(new AuditRecord(
                actor,
                outcome == Review.ACCEPTED ? "ems.excursion.accepted" : "ems.excursion.dismissed",
                RECORD_TYPE,
                d.id().toString(),
                null,
                Map.of("review", Review.PENDING.name(), "draft", d.view()),
                after,
                d.room() + " " + d.parameter() + " " + d.limitWords() + " since " + d.startedAt() + ": "
                        + (outcome == Review.ACCEPTED
                                ? "accepted as a non-conformance, to be raised in the QMS"
                                : "dismissed as no non-conformance")
                        + ", because " + why,
                null));
    }

    private static @Nullable Review decision(@Nullable String text, List<Refusal> errors) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "ACCEPT" -> Review.ACCEPTED;
            case "DISMISS" -> Review.DISMISSED;
            default -> {
                errors.add(Refusal.of("decision", "must be ACCEPT or DISMISS", "refusal.excursion.decision"));
                yield null;
            }
        };
    }

    /** What a review's signature binds: the draft as QA saw it, the decision, the reviewer and the reason. */
    static SignedRecord signedRecord(ExcursionDraft d, Review outcome, String actor, String reason) {
        Map<String, Object> m = new LinkedHashMap<>(d.view());
        m.keySet().removeAll(List.of("review", "reviewedBy", "reviewReason", "reviewedAt", "signature", "endedAt"));
        m.put("decision", outcome.name());
        m.put("reviewedBy", actor);
        m.put("reason", reason);
        return new SignedRecord(RECORD_TYPE, d.id().toString(), EpisodeStore.JSON.writeValueAsString(m));
    }

    /**
     * A record of the topic that was no usable reading: where it was read ({@code topic/partition@offset}), its key
     * (absent when it had none), the field and why, its value as received, and when.
     */
    public record UnreadableRecord(
            String position, @Nullable String key, String field, String reason, String value, Instant receivedAt) {}

    /** How far one partition of the topic was read: the next offset to read, and when it was stored. */
    public record PartitionOffset(String topic, int partition, long nextOffset, Instant updatedAt) {}

    /** The records kept for review because they were not usable readings, newest first. */
    public List<UnreadableRecord> unreadable(int limit) {
        return jdbc.sql("SELECT * FROM ems_unreadable ORDER BY received_at DESC, record_offset DESC LIMIT ?")
                .param(Math.max(1, Math.min(limit, 1000)))
                .query((rs, n) -> new UnreadableRecord(
                        rs.getString("topic") + "/" + rs.getInt("partition") + "@" + rs.getLong("record_offset"),
                        rs.getString("record_key"),
                        rs.getString("field"),
                        rs.getString("reason"),
                        rs.getString("value"),
                        rs.getTimestamp("received_at").toInstant()))
                .list();
    }

    /** Per topic partition, the next offset read and when. */
    public List<PartitionOffset> partitions() {
        return jdbc.sql("SELECT * FROM ems_partition_offset ORDER BY topic, partition")
                .query((rs, n) -> new PartitionOffset(
                        rs.getString("topic"),
                        rs.getInt("partition"),
                        rs.getLong("next_offset"),
                        rs.getTimestamp("updated_at").toInstant()))
                .list();
    }

    private static ExcursionDraft map(ResultSet rs) throws SQLException {
        return new ExcursionDraft(
                rs.getObject("id", UUID.class),
                rs.getString("room"),
                rs.getString("site"),
                rs.getString("grade"),
                rs.getString("parameter"),
                rs.getString("unit"),
                rs.getDouble("limit_value"),
                rs.getBoolean("limit_below"),
                rs.getTimestamp("started_at").toInstant(),
                EpisodeStore.reading(rs.getString("first_reading")).view(),
                rs.getDouble("worst_value"),
                rs.getInt("readings_beyond"),
                Arrays.asList((String[]) rs.getArray("sensors_beyond").getArray()),
                instant(rs, "draft_at"),
                instant(rs, "ended_at"),
                Review.valueOf(rs.getString("review")),
                rs.getString("reviewed_by"),
                rs.getString("review_reason"),
                instant(rs, "reviewed_at"),
                rs.getString("signature"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
