package org.qualigate.accessreview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.signature.SignedRecord;
import org.qualigate.signature.Verification;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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

        /** A map on purpose: it is the signed content and the audit entries' value, whose bytes are hashed. */
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

        /** A map on purpose: it is the signed content and the audit entries' value, whose bytes are hashed. */
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
    private final ElectronicSignatures signatures;
    private final PlantDefinition plant;
    private final Clock clock;
    private final CampaignRecords records;
    private final ReviewDecisions decider;
    private final CampaignCompletion completion;

    AccessReviews(
            JdbcClient jdbc,
            AuditTrail audit,
            HoldersNow holders,
            ElectronicSignatures signatures,
            PlantDefinition plant,
            Clock clock,
            CampaignRecords records,
            ReviewDecisions decider,
            CampaignCompletion completion) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.holders = holders;
        this.signatures = signatures;
        this.plant = plant;
        this.clock = clock;
        this.records = records;
        this.decider = decider;
        this.completion = completion;
    }

    /** Starts a campaign over everyone holding access in the scope now; refused with the field named. */
    @Transactional
    public Verdict<Campaign> start(Scope scope, String value, @Nullable String title, String by) {
        String v = value == null ? "" : value.strip();
        String field = scope == Scope.SITE ? "site" : "role";
        Verdict<List<HoldersNow.Holder>> listed = holders(scope, v);
        if (listed.refusal() != null) {
            return Verdict.invalid(listed.refusal().errors());
        }
        if (listed.value().isEmpty()) {
            return Verdict.invalid(
                    List.of(Refusal.of(field, "nobody holds access there now: " + v, "refusal.nobody-holds", v)));
        }
        String name = title == null || title.isBlank()
                ? "Access review of " + (scope == Scope.SITE ? "site " : "role ") + v
                : title.strip();
        if (name.length() > 200) {
            return Verdict.invalid(List.of(Refusal.atMost("title", 200)));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long id = jdbc.sql("""
                        INSERT INTO access_review_campaign (title, scope_kind, scope, started_by, started_at, status)
                        VALUES (?, ?, ?, ?, ?, 'OPEN') RETURNING id""")
                .params(name, scope.name(), v, by, Timestamp.from(now))
                .query(Long.class)
                .single();
        for (HoldersNow.Holder h : listed.value()) {
            listItem(id, h, by);
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
                by + " started " + name + " listing " + listed.value().size() + " holder(s)",
                null));
        return Verdict.of(c);
    }

    /** Everyone holding access in the scope now; refused with the field named when the scope is not the plant's. */
    private Verdict<List<HoldersNow.Holder>> holders(Scope scope, String v) {
        Plant p = plant.current();
        String field = scope == Scope.SITE ? "site" : "role";
        if (v.isEmpty()) {
            return Verdict.invalid(List.of(Refusal.required(field)));
        }
        if (scope == Scope.SITE) {
            return p.site(v).isEmpty()
                    ? Verdict.invalid(
                            List.of(Refusal.of("site", "is not a site of the plant: " + v, "refusal.not-a-site", v)))
                    : Verdict.of(holders.ofSite(v));
        }
        RoleName role;
        try {
            role = RoleName.of(v);
        } catch (IllegalArgumentException e) {
            return Verdict.invalid(
                    List.of(Refusal.of("role", "is not a role name: " + v, "refusal.not-a-role-name", v)));
        }
        if (!p.rules().allRoles(p.sites().keySet()).contains(role)) {
            return Verdict.invalid(
                    List.of(Refusal.of("role", "is not a role of the plant: " + v, "refusal.not-a-role", v)));
        }
        return Verdict.of(holders.ofRole(role));
    }

    /** One holder listed on the campaign with their basis as it stands now, audited. */
    private void listItem(long campaignId, HoldersNow.Holder h, String by) {
        long itemId = jdbc.sql("""
                        INSERT INTO access_review_item (campaign_id, employee_id, person_name, site, target, role,
                            basis, held_since, valid_until)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(
                        campaignId,
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
                "access review campaign " + campaignId + " lists " + h.employeeId() + " holding " + h.role() + " in "
                        + h.target() + " on the basis: " + h.basis(),
                null));
    }

    /**
     * Records the reviewer's decisions on undecided holders of an open campaign, each signed ({@code REVIEWED}) and
     * audited; a revocation suspends the role (delivered to every target, audited). All or nothing: a refused
     * signature or an invalid decision records none.
     */
    public Verdict<List<Item>> decide(long campaignId, List<DecisionInput> decisions, SignatureRequest signing) {
        return decider.decide(campaignId, decisions, signing);
    }

    /**
     * Completes a campaign whose holders are all decided: makes its report (CSV, then PDF with every signature),
     * signs it ({@code APPROVED}, bound to the campaign, its counts and the CSV's SHA-256) and keeps both files.
     */
    public Verdict<Campaign> complete(long campaignId, SignatureRequest signing) {
        return completion.complete(campaignId, signing);
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
        return records.list();
    }

    public Optional<Campaign> find(long id) {
        return records.find(id);
    }

    /** The campaign's holders in the order listed. */
    public List<Item> items(long campaignId) {
        return records.items(campaignId);
    }

    public Optional<Item> item(long id) {
        return records.item(id);
    }

    public Optional<Report> report(long campaignId) {
        return records.report(campaignId);
    }

    /** The stored report file: {@code pdf} or {@code csv}. */
    public Optional<byte[]> file(long campaignId, String format) {
        return records.file(campaignId, format);
    }
}
