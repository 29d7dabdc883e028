package org.qualigate.accessreview;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.access.Verdict;
import org.qualigate.accessreview.AccessReviews.Campaign;
import org.qualigate.accessreview.AccessReviews.Item;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.Signature;
import org.qualigate.signature.SignatureOutcome;
import org.qualigate.signature.SignatureRequest;
import org.qualigate.text.Refusal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * Completing a campaign whose holders are all decided: its report (CSV, then PDF with every signature), signed
 * ({@code APPROVED}, bound to the campaign, its counts and the CSV's SHA-256), both files kept, audited.
 */
@Component
class CampaignCompletion {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ElectronicSignatures signatures;
    private final CampaignRecords records;
    private final PlantDefinition plant;
    private final Clock clock;

    CampaignCompletion(
            JdbcClient jdbc,
            AuditTrail audit,
            ElectronicSignatures signatures,
            CampaignRecords records,
            PlantDefinition plant,
            Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.signatures = signatures;
        this.records = records;
        this.plant = plant;
        this.clock = clock;
    }

    @Transactional
    Verdict<Campaign> complete(long campaignId, SignatureRequest signing) {
        Optional<Campaign> found = records.find(campaignId);
        if (found.isEmpty()) {
            return Verdict.refused(
                    Verdict.Kind.NOT_FOUND,
                    Refusal.whole("no access review campaign " + campaignId, "refusal.not-found"));
        }
        Campaign c = found.get();
        if (!c.open()) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            "campaign " + campaignId + " is completed already",
                            "refusal.campaign-completed",
                            campaignId));
        }
        if (c.undecided() > 0) {
            return Verdict.refused(
                    Verdict.Kind.CONFLICT,
                    Refusal.whole(
                            c.undecided() + " holder(s) of campaign " + campaignId + " still wait for a decision",
                            "refusal.undecided",
                            c.undecided(),
                            campaignId));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        jdbc.sql("UPDATE access_review_campaign SET status = 'COMPLETED', completed_by = ?, completed_at = ? "
                        + "WHERE id = ? AND status = 'OPEN'")
                .params(signing.caller(), Timestamp.from(now), campaignId)
                .update();
        Campaign completed = records.find(campaignId).orElseThrow();
        List<Item> items = records.items(campaignId);
        byte[] csv = CampaignReport.csv(completed, items);
        String csvSha = CampaignReport.sha256(csv);
        SignatureOutcome signed = signatures.sign(
                AccessReviews.reportRecord(completed, csvSha),
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
        kept(c, completed, items, csv, signed.applied().get(), signing.caller(), now);
        return Verdict.of(completed);
    }

    /** The report's files stored beside the signature that completed it, and the completion audited. */
    private void kept(
            Campaign before,
            Campaign completed,
            List<Item> items,
            byte[] csv,
            Signature signature,
            String by,
            Instant now) {
        String csvSha = CampaignReport.sha256(csv);
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
                i -> SiteTime.of(p, i.site()).restate(i.basis()));
        String pdfSha = CampaignReport.sha256(pdf);
        jdbc.sql("""
                        INSERT INTO access_review_report (campaign_id, generated_at, generated_by, pdf, pdf_sha256, csv,
                            csv_sha256, signature_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(completed.id(), Timestamp.from(now), by, pdf, pdfSha, csv, csvSha, signature.id())
                .update();
        Map<String, Object> value = new LinkedHashMap<>(completed.view());
        value.put("pdfSha256", pdfSha);
        value.put("csvSha256", csvSha);
        value.put("signatureId", signature.id().toString());
        audit.append(new AuditRecord(
                by,
                "access-review.completed",
                "access-review",
                Long.toString(completed.id()),
                null,
                before.view(),
                value,
                by + " completed " + before.title() + ": " + before.confirmed() + " confirmed, " + before.revoked()
                        + " revoked; report signed",
                null));
    }
}
