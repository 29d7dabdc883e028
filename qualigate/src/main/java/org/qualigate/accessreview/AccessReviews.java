package org.qualigate.accessreview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Suspensions;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.signature.Verification;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access review campaigns: a QA approver starts one for a site or a role, and every holder of access in that scope
 * is listed with their basis as it stood then; the reviewer confirms or revokes each with an electronic signature
 * (a revocation suspends the role: {@link Suspensions}); when every holder is decided, the reviewer completes the
 * campaign and signs its report (PDF and CSV, kept unchanged). The campaign, its items and each decision are
 * audited in the transaction that makes them.
 */
@Service
public class AccessReviews {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** The record types of the signatures: a decision on one holder, and the campaign's report. */
    public static final String ITEM_RECORD = "access-review-item";

    public static final String REPORT_RECORD = "access-review-report";

    /** The most decisions one signing may carry. */
    public static final int MAX_DECISIONS = 500;

    static final int MIN_REASON = 10;
    static final int MAX_TEXT = 2000;

    /** What a campaign reviews: every holder at a site, or every holder of a role. */
    public enum Scope {
        SITE,
        ROLE
    }

    /** A reviewer's decision on one holder. */
    public enum Decision {
        CONFIRMED,
        REVOKED
    }

    /** A campaign, with how many holders it lists and how many are decided each way. */
    public record Campaign(
            long id,
            String title,
            Scope scope,
            String scopeValue,
            String startedBy,
            Instant startedAt,
            boolean open,
            @Nullable String completedBy,
            @Nullable Instant completedAt,
            int items,
            int confirmed,
            int revoked) {

        public int undecided() {
            return items - confirmed - revoked;
        }

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("scope", scope.name());
            m.put(scope == Scope.SITE ? "site" : "role", scopeValue);
            m.put("startedBy", startedBy);
            m.put("startedAt", startedAt.toString());
            m.put("status", open ? "OPEN" : "COMPLETED");
            m.put("completedBy", completedBy);
            m.put("completedAt", completedAt == null ? null : completedAt.toString());
            m.put("items", items);
            m.put("confirmed", confirmed);
            m.put("revoked", revoked);
            m.put("undecided", undecided());
            return m;
        }
    }

    /** One holder of access as listed at the campaign's start, and the decision on it once made. */
    public record Item(
            long id,
            long campaignId,
            EmployeeId employeeId,
            String name,
            String site,
            String target,
            RoleName role,
            String basis,
            Instant heldSince,
            @Nullable Instant validUntil,
            @Nullable Decision decision,
            @Nullable String reason,
            @Nullable String decidedBy,
            @Nullable Instant decidedAt,
            @Nullable UUID signatureId,
            @Nullable UUID suspensionId) {

        public Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("campaignId", campaignId);
            m.put("employeeId", employeeId.value());
            m.put("name", name);
            m.put("site", site);
            m.put("target", target);
            m.put("role", role.value());
            m.put("basis", basis);
            m.put("heldSince", heldSince.toString());
            m.put("validUntil", validUntil == null ? null : validUntil.toString());
            m.put("decision", decision == null ? null : decision.name());
            m.put("reason", reason);
            m.put("decidedBy", decidedBy);
            m.put("decidedAt", decidedAt == null ? null : decidedAt.toString());
            return m;
        }
    }

    /** A decision asked for: which item, confirm or revoke, and why (required to revoke). */
    public record DecisionInput(
            long itemId, Decision decision, @Nullable String reason) {}

    /** The stored report of a completed campaign: its files' SHA-256 and the signature that completed it. */
    public record Report(
            long campaignId,
            Instant generatedAt,
            String generatedBy,
            String pdfSha256,
            String csvSha256,
            UUID signatureId) {}

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final HoldersNow holders;
    private final Suspensions suspensions;
    private final ElectronicSignatures signatures;
    private final PlantDefinition plant;
    private final Clock clock;

    AccessReviews(
            JdbcClient jdbc,
            AuditTrail audit,
            HoldersNow holders,
            Suspensions suspensions,
            ElectronicSignatures signatures,
            PlantDefinition plant,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.holders = holders;
        this.suspensions = suspensions;
        this.signatures = signatures;
        this.plant = plant;
        this.clock = clock;
    }

    /** Starts a campaign over everyone holding access in the scope now; refused with the field named. */
    @Transactional
    public Verdict<Campaign> start(Scope scope, String value, @Nullable String title, String by) {
        String v = value == null ? "" : value.strip();
        Plant p = plant.current();
        List<HoldersNow.Holder> listed;
        String field = scope == Scope.SITE ? "site" : "role";
        if (v.isEmpty()) {
            return Verdict.invalid(List.of(new Verdict.FieldError(field, "is required")));
        }
        if (scope == Scope.SITE) {
            if (p.site(v).isEmpty()) {
                return Verdict.invalid(List.of(new Verdict.FieldError("site", "is not a site of the plant: " + v)));
            }
            listed = holders.ofSite(v);
        } else {
            RoleName role;
            try {
                role = RoleName.of(v);
            } catch (IllegalArgumentException e) {
                return Verdict.invalid(List.of(new Verdict.FieldError("role", "is not a role name: " + v)));
            }
            if (!p.rules().allRoles(p.sites().keySet()).contains(role)) {
                return Verdict.invalid(List.of(new Verdict.FieldError("role", "is not a role of the plant: " + v)));
            }
            listed = holders.ofRole(role);
        }
        if (listed.isEmpty()) {
            return Verdict.invalid(List.of(new Verdict.FieldError(field, "nobody holds access there now: " + v)));
        }
        String name = title == null || title.isBlank()
                ? "Access review of " + (scope == Scope.SITE ? "site " : "role ") + v
                : title.strip();
        if (name.length() > 200) {
            return Verdict.invalid(List.of(new Verdict.FieldError("title", "must be at most 200 characters")));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id = jdbc.sql("""
                        INSERT INTO access_review_campaign (title, scope_kind, scope, started_by, started_at, status)
                        VALUES (?, ?, ?, ?, ?, 'OPEN') RETURNING id""")
                .params(name, scope.name(), v, by, Timestamp.from(now))
                .query(Long.class)
                .single();
        for (HoldersNow.Holder h : listed) {
            long itemId = jdbc.sql("""
                            INSERT INTO access_review_item (campaign_id, employee_id, person_name, site, target, role,
                                basis, held_since, valid_until)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                    .params(
                            id,
                            h.employeeId().value(),
                            h.name(),
                            h.site(),
                            h.target(),
                            h.role().value(),
                            h.basis(),
                            Timestamp.from(h.since()),
                            h.validUntil() == null ? null : Timestamp.from(h.validUntil()))
                    .query(Long.class)
                    .single();
            Item item = item(itemId).orElseThrow();
            audit.append(new AuditRecord(
                    by,
                    "access-review.item-listed",
                    ITEM_RECORD,
                    Long.toString(itemId),
                    h.employeeId().value(),
                    null,
                    item.view(),
                    "access review campaign " + id + " lists " + h.employeeId() + " holding " + h.role() + " in "
                            + h.target() + " on the basis: " + h.basis(),
                    null));
        }
        Campaign c = find(id).orElseThrow();
        audit.append(new AuditRecord(
                by,
                "access-review.started",
                "access-review",
                Long.toString(id),
                null,
                null,
                c.view(),
                by + " started " + name + " listing " + listed.size() + " holder(s)",
                null));
        return Verdict.of(c);
    }

    /**
     * Records the reviewer's decisions on undecided holders of an open campaign, each signed ({@code REVIEWED}) and
     * audited; a revocation suspends the role (delivered to every target, audited). All or nothing: a refused
     * signature or an invalid decision records none.
     */
    @Transactional
    public Verdict<List<Item>> decide(long campaignId, List<DecisionInput> decisions, SignatureRequest signing) {
        Optional<Campaign> campaign = find(campaignId);
        if (campaign.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, "no access review campaign " + campaignId);
        }
        if (!campaign.get().open()) {
            return Verdict.refused(Verdict.Kind.CONFLICT, "campaign " + campaignId + " is completed");
        }
        if (decisions.isEmpty()) {
            return Verdict.invalid(List.of(new Verdict.FieldError("decisions", "must list at least one decision")));
        }
        if (decisions.size() > MAX_DECISIONS) {
            return Verdict.invalid(List.of(new Verdict.FieldError(
                    "decisions", "may carry at most " + MAX_DECISIONS + " decisions per signature")));
        }
        List<Verdict.FieldError> errors = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            DecisionInput d = decisions.get(i);
            String where = "decisions[" + i + "]";
            Optional<Item> item = item(d.itemId()).filter(x -> x.campaignId() == campaignId);
            if (item.isEmpty()) {
                errors.add(new Verdict.FieldError(where + ".itemId", "is not a holder of this campaign"));
                continue;
            }
            if (!seen.add(d.itemId())) {
                errors.add(new Verdict.FieldError(where + ".itemId", "is decided twice in this signing"));
                continue;
            }
            if (item.get().decision() != null) {
                errors.add(new Verdict.FieldError(
                        where + ".itemId",
                        "was decided already (" + item.get().decision().name().toLowerCase() + " by "
                                + item.get().decidedBy() + ")"));
                continue;
            }
            String reason = d.reason() == null ? "" : d.reason().strip();
            if (d.decision() == Decision.REVOKED && reason.length() < MIN_REASON) {
                errors.add(new Verdict.FieldError(
                        where + ".reason", "is required to revoke, at least " + MIN_REASON + " characters"));
                continue;
            }
            if (reason.length() > MAX_TEXT) {
                errors.add(new Verdict.FieldError(where + ".reason", "must be at most " + MAX_TEXT + " characters"));
                continue;
            }
            items.add(item.get());
        }
        if (!errors.isEmpty()) {
            return Verdict.invalid(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Item> decided = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item before = items.get(i);
            DecisionInput d = decisions.get(i);
            String reason = d.reason() == null || d.reason().isBlank()
                    ? null
                    : d.reason().strip();
            jdbc.sql("""
                            UPDATE access_review_item SET decision = ?, reason = ?, decided_by = ?, decided_at = ?
                            WHERE id = ? AND decision IS NULL""")
                    .params(d.decision().name(), reason, signing.caller(), Timestamp.from(now), before.id())
                    .update();
            decided.add(item(before.id()).orElseThrow());
        }
        List<SignatureOutcome> signed = signatures.signAll(
                decided.stream().map(AccessReviews::signedRecord).toList(),
                new SignatureRequest(
                        signing.caller(),
                        signing.userId(),
                        signing.password(),
                        Meaning.REVIEWED,
                        signing.reason(),
                        signing.continuingSession()));
        if (signed.getFirst().applied().isEmpty()) {
            // nothing of the decisions may remain when their signature is refused
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return Overrides.signatureRefused(signed.getFirst());
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < decided.size(); i++) {
            Item item = decided.get(i);
            Signature signature = signed.get(i).applied().orElseThrow();
            UUID suspension = null;
            if (item.decision() == Decision.REVOKED) {
                suspension = suspensions
                        .suspend(item.employeeId(), item.role(), item.reason(), signing.caller(), campaignId, item.id())
                        .id();
            }
            jdbc.sql("UPDATE access_review_item SET signature_id = ?, suspension_id = ? WHERE id = ?")
                    .params(signature.id(), suspension, item.id())
                    .update();
            Item now2 = item(item.id()).orElseThrow();
            audit.append(new AuditRecord(
                    signing.caller(),
                    "access-review.decided",
                    ITEM_RECORD,
                    Long.toString(item.id()),
                    item.employeeId().value(),
                    Map.of("decision", "none"),
                    now2.view(),
                    signing.caller() + (item.decision() == Decision.CONFIRMED ? " confirmed " : " revoked ")
                            + item.role() + " of " + item.employeeId() + " in " + item.target()
                            + " in access review campaign " + campaignId
                            + (item.reason() == null ? "" : ": " + item.reason()),
                    null));
            out.add(now2);
        }
        return Verdict.of(out);
    }

    /**
     * Completes a campaign whose holders are all decided: makes its report (CSV, then PDF with every signature),
     * signs it ({@code APPROVED}, bound to the campaign, its counts and the CSV's SHA-256) and keeps both files.
     */
    @Transactional
    public Verdict<Campaign> complete(long campaignId, SignatureRequest signing) {
        Optional<Campaign> found = find(campaignId);
        if (found.isEmpty()) {
            return Verdict.refused(Verdict.Kind.NOT_FOUND, "no access review campaign " + campaignId);
        }
        Campaign c = found.get();
        if (!c.open()) {
            return Verdict.refused(Verdict.Kind.CONFLICT, "campaign " + campaignId + " is completed already");
        }
        if (c.undecided() > 0) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    c.undecided() + " holder(s) of campaign " + campaignId + " still wait for a decision");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("UPDATE access_review_campaign SET status = 'COMPLETED', completed_by = ?, completed_at = ? "
                        + "WHERE id = ? AND status = 'OPEN'")
                .params(signing.caller(), Timestamp.from(now), campaignId)
                .update();
        Campaign completed = find(campaignId).orElseThrow();
        List<Item> items = items(campaignId);
        byte[] csv = CampaignReport.csv(completed, items);
        String csvSha = CampaignReport.sha256(csv);
        SignatureOutcome signed = signatures.sign(
                reportRecord(completed, csvSha),
                new SignatureRequest(
                        signing.caller(),
                        signing.userId(),
                        signing.password(),
                        Meaning.APPROVED,
                        signing.reason(),
                        signing.continuingSession()));
        if (signed.applied().isEmpty()) {
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return Overrides.signatureRefused(signed);
        }
        Signature signature = signed.applied().get();
        Map<Long, Signature> decisions = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.signatureId() != null) {
                signatures.find(i.signatureId()).ifPresent(s -> decisions.put(i.id(), s));
            }
        }
        // the basis as recorded, its instants restated at each holder's site for the people who read the PDF
        Plant p = plant.current();
        byte[] pdf = CampaignReport.pdf(
                completed,
                items,
                decisions,
                signature,
                csvSha,
                i -> org.qualigate.access.SiteTime.of(p, i.site()).restate(i.basis()));
        String pdfSha = CampaignReport.sha256(pdf);
        jdbc.sql("""
                        INSERT INTO access_review_report (campaign_id, generated_at, generated_by, pdf, pdf_sha256, csv,
                            csv_sha256, signature_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(campaignId, Timestamp.from(now), signing.caller(), pdf, pdfSha, csv, csvSha, signature.id())
                .update();
        Map<String, Object> value = new LinkedHashMap<>(completed.view());
        value.put("pdfSha256", pdfSha);
        value.put("csvSha256", csvSha);
        value.put("signatureId", signature.id().toString());
        audit.append(new AuditRecord(
                signing.caller(),
                "access-review.completed",
                "access-review",
                Long.toString(campaignId),
                null,
                c.view(),
                value,
                signing.caller() + " completed " + c.title() + ": " + c.confirmed() + " confirmed, " + c.revoked()
                        + " revoked; report signed",
                null));
        return Verdict.of(completed);
    }

    /** The content a decision's signature binds: the holder as listed, and the decision with its reason. */
    static SignedRecord signedRecord(Item item) {
        return new SignedRecord(ITEM_RECORD, Long.toString(item.id()), JSON.writeValueAsString(item.view()));
    }

    /** The content the report's signature binds: the campaign as completed, its counts and the CSV's SHA-256. */
    static SignedRecord reportRecord(Campaign c, String csvSha256) {
        Map<String, Object> content = new LinkedHashMap<>(c.view());
        content.put("csvSha256", csvSha256);
        return new SignedRecord(REPORT_RECORD, Long.toString(c.id()), JSON.writeValueAsString(content));
    }

    /** Whether the decision's signature still matches the item as it is stored. */
    public Optional<Verification> verify(Item item) {
        return item.signatureId() == null
                ? Optional.empty()
                : Optional.of(signatures.verify(item.signatureId(), signedRecord(item)));
    }

    /** Whether the report's signature still matches the campaign and its stored CSV. */
    public Optional<Verification> verifyReport(long campaignId) {
        Optional<Report> r = report(campaignId);
        Optional<Campaign> c = find(campaignId);
        if (r.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        byte[] csv = file(campaignId, "csv").orElseThrow();
        return Optional.of(signatures.verify(r.get().signatureId(), reportRecord(c.get(), CampaignReport.sha256(csv))));
    }

    public List<Signature> signaturesOfItem(long itemId) {
        return signatures.signaturesOf(ITEM_RECORD, Long.toString(itemId));
    }

    public Optional<Signature> reportSignature(long campaignId) {
        return report(campaignId).flatMap(r -> signatures.find(r.signatureId()));
    }

    /** Campaigns, newest first. */
    public List<Campaign> list() {
        return jdbc.sql(CAMPAIGNS + " ORDER BY c.id DESC LIMIT 500")
                .query((rs, n) -> campaign(rs))
                .list();
    }

    public Optional<Campaign> find(long id) {
        return jdbc.sql(CAMPAIGNS + " WHERE c.id = ?")
                .param(id)
                .query((rs, n) -> campaign(rs))
                .optional();
    }

    /** The campaign's holders in the order listed. */
    public List<Item> items(long campaignId) {
        return jdbc.sql("SELECT * FROM access_review_item WHERE campaign_id = ? ORDER BY id")
                .param(campaignId)
                .query((rs, n) -> item(rs))
                .list();
    }

    public Optional<Item> item(long id) {
        return jdbc.sql("SELECT * FROM access_review_item WHERE id = ?")
                .param(id)
                .query((rs, n) -> item(rs))
                .optional();
    }

    public Optional<Report> report(long campaignId) {
        return jdbc.sql("SELECT campaign_id, generated_at, generated_by, pdf_sha256, csv_sha256, signature_id "
                        + "FROM access_review_report WHERE campaign_id = ?")
                .param(campaignId)
                .query((rs, n) -> new Report(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, UUID.class)))
                .optional();
    }

    /** The stored report file: {@code pdf} or {@code csv}. */
    public Optional<byte[]> file(long campaignId, String format) {
        String column = switch (format) {
            case "pdf" -> "pdf";
            case "csv" -> "csv";
            default -> throw new IllegalArgumentException("format must be pdf or csv");
        };
        return jdbc.sql("SELECT " + column + " FROM access_review_report WHERE campaign_id = ?")
                .param(campaignId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    private static final String CAMPAIGNS = """
            SELECT c.*,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id) AS items,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id AND i.decision = 'CONFIRMED') AS confirmed,
                (SELECT count(*) FROM access_review_item i WHERE i.campaign_id = c.id AND i.decision = 'REVOKED') AS revoked
            FROM access_review_campaign c""";

    private static Campaign campaign(ResultSet rs) throws SQLException {
        Timestamp completed = rs.getTimestamp("completed_at");
        return new Campaign(
                rs.getLong("id"),
                rs.getString("title"),
                Scope.valueOf(rs.getString("scope_kind")),
                rs.getString("scope"),
                rs.getString("started_by"),
                rs.getTimestamp("started_at").toInstant(),
                "OPEN".equals(rs.getString("status")),
                rs.getString("completed_by"),
                completed == null ? null : completed.toInstant(),
                rs.getInt("items"),
                rs.getInt("confirmed"),
                rs.getInt("revoked"));
    }

    private static Item item(ResultSet rs) throws SQLException {
        Timestamp until = rs.getTimestamp("valid_until");
        Timestamp decided = rs.getTimestamp("decided_at");
        String decision = rs.getString("decision");
        return new Item(
                rs.getLong("id"),
                rs.getLong("campaign_id"),
                EmployeeId.of(rs.getString("employee_id")),
                rs.getString("person_name"),
                rs.getString("site"),
                rs.getString("target"),
                RoleName.of(rs.getString("role")),
                rs.getString("basis"),
                rs.getTimestamp("held_since").toInstant(),
                until == null ? null : until.toInstant(),
                decision == null ? null : Decision.valueOf(decision),
                rs.getString("reason"),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getObject("signature_id", UUID.class),
                rs.getObject("suspension_id", UUID.class));
    }
}
