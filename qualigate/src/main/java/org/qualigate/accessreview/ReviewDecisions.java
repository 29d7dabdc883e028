package org.qualigate.accessreview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Overrides;
import org.qualigate.access.Suspensions;
import org.qualigate.access.Verdict;
import org.qualigate.accessreview.AccessReviews.Campaign;
import org.qualigate.accessreview.AccessReviews.Decision;
import org.qualigate.accessreview.AccessReviews.DecisionInput;
import org.qualigate.accessreview.AccessReviews.Item;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Refusal;
import org.qualigate.text.Sentence;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * A reviewer's signed decisions on holders of an open campaign: checked all together, recorded, signed
 * ({@code REVIEWED}) in one signing, each audited; a revocation suspends the role. All or nothing.
 */
@Component
class ReviewDecisions {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Suspensions suspensions;
    private final ElectronicSignatures signatures;
    private final CampaignRecords records;
    private final Clock clock;

    ReviewDecisions(
            JdbcClient jdbc,
            AuditTrail audit,
            Suspensions suspensions,
            ElectronicSignatures signatures,
            CampaignRecords records,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.suspensions = suspensions;
        this.signatures = signatures;
        this.records = records;
        this.clock = clock;
    }

    @Transactional
    Verdict<List<Item>> decide(long campaignId, List<DecisionInput> decisions, SignatureRequest signing) {
        Optional<Campaign> campaign = records.find(campaignId);
        if (campaign.isEmpty()) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND,
                    Refusal.whole("no access review campaign " + campaignId, "refusal.not-found"));
        }
        if (!campaign.get().open()) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "campaign " + campaignId + " is completed", "refusal.campaign-completed", campaignId));
        }
        if (decisions.isEmpty()) {
            return Verdict.invalid(
                    List.of(Refusal.of("decisions", "must list at least one decision", "refusal.no-decision")));
        }
        if (decisions.size() > AccessReviews.MAX_DECISIONS) {
            return Verdict.invalid(List.of(Refusal.of(
                    "decisions",
                    "may carry at most " + AccessReviews.MAX_DECISIONS + " decisions per signature",
                    "refusal.too-many-decisions",
                    AccessReviews.MAX_DECISIONS)));
        }
        List<Refusal> errors = new ArrayList<>();
        List<Item> items = checked(campaignId, decisions, errors);
        if (!errors.isEmpty()) {
            return Verdict.invalid(errors);
        }
        List<Item> decided = recorded(items, decisions, signing.caller());
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
            out.add(applied(campaignId, decided.get(i), signed.get(i).applied().orElseThrow(), signing.caller()));
        }
        return Verdict.of(out);
    }

    /** The holders the decisions name, each checked; what is wrong goes to {@code errors} by the input's place. */
    private List<Item> checked(long campaignId, List<DecisionInput> decisions, List<Refusal> errors) {
        List<Item> items = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < decisions.size(); i++) {
            DecisionInput d = decisions.get(i);
            String where = "decisions[" + i + "]";
            Optional<Item> item = records.item(d.itemId()).filter(x -> x.campaignId() == campaignId);
            String field = where + ".itemId";
            @Nullable Refusal wrong = null;
            if (item.isEmpty()) {
                wrong = Refusal.of(field, "is not a holder of this campaign", "refusal.not-a-holder");
            } else if (!seen.add(d.itemId())) {
                wrong = Refusal.of(field, "is decided twice in this signing", "refusal.decided-twice");
            } else if (item.get().decision() != null) {
                String was = item.get().decision().name().toLowerCase(Locale.ROOT);
                wrong = Refusal.of(
                        field,
                        "was decided already (" + was + " by " + item.get().decidedBy() + ")",
                        "refusal.decided-already",
                        Sentence.of("refusal.word." + was),
                        item.get().decidedBy());
            }
            String reason = d.reason() == null ? "" : d.reason().strip();
            if (wrong == null && d.decision() == Decision.REVOKED && reason.length() < AccessReviews.MIN_REASON) {
                wrong = Refusal.of(
                        where + ".reason",
                        "is required to revoke, at least " + AccessReviews.MIN_REASON + " characters",
                        "refusal.revoke-reason",
                        AccessReviews.MIN_REASON);
            } else if (wrong == null && reason.length() > AccessReviews.MAX_TEXT) {
                wrong = Refusal.atMost(where + ".reason", AccessReviews.MAX_TEXT);
            }
            if (wrong != null) {
                errors.add(wrong);
            } else {
                items.add(item.get());
            }
        }
        return items;
    }

    /** Each decision stored on its holder, before it is signed. */
    private List<Item> recorded(List<Item> items, List<DecisionInput> decisions, String by) {
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
                    .params(d.decision().name(), reason, by, Timestamp.from(now), before.id())
                    .update();
            decided.add(records.item(before.id()).orElseThrow());
        }
        return decided;
    }

    /** A signed decision takes effect: a revocation suspends the role; the decision is audited. */
    private Item applied(long campaignId, Item item, Signature signature, String by) {
        UUID suspension = null;
        if (item.decision() == Decision.REVOKED) {
            suspension = suspensions
                    .suspend(item.employeeId(), item.role(), item.reason(), by, campaignId, item.id())
                    .id();
        }
        jdbc.sql("UPDATE access_review_item SET signature_id = ?, suspension_id = ? WHERE id = ?")
                .params(signature.id(), suspension, item.id())
                .update();
        Item now = records.item(item.id()).orElseThrow();
        audit.append(new AuditRecord(
                by,
                "access-review.decided",
                AccessReviews.ITEM_RECORD,
                Long.toString(item.id()),
                item.employeeId().value(),
                Map.of("decision", "none"),
                now.view(),
                by + (item.decision() == Decision.CONFIRMED ? " confirmed " : " revoked ")
                        + item.role() + " of " + item.employeeId() + " in " + item.target()
                        + " in access review campaign " + campaignId
                        + (item.reason() == null ? "" : ": " + item.reason()),
                null));
        return now;
    }
}
