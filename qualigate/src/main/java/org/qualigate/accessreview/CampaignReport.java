package org.qualigate.accessreview;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qualigate.report.Csv;
import org.qualigate.report.PdfReport;
import org.qualigate.signature.Signature;
import org.qualigate.text.Sha256;

/**
 * The report of a completed access review campaign: a CSV with one line per holder and decision, and a PDF with the
 * same lines, each decision's signature, and the signature that completed the campaign (21 CFR 11.50: printed
 * name, date and time with zone, meaning).
 */
final class CampaignReport {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SIGNED = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss xxx");

    private CampaignReport() {}

    static byte[] csv(AccessReviews.Campaign c, List<AccessReviews.Item> items) {
        StringBuilder out = new StringBuilder();
        Csv.Lines csv = Csv.crlfLines(out)
                .header("campaign_id,item_id,employee_id,name,site,target,role,basis,held_since,valid_until,"
                        + "decision,reason,decided_by,decided_at,signature_id");
        for (AccessReviews.Item i : items) {
            csv.line(
                    c.id(),
                    i.id(),
                    i.employeeId().value(),
                    i.name(),
                    i.site(),
                    i.target(),
                    i.role().value(),
                    i.basis(),
                    i.heldSince(),
                    i.validUntil(),
                    i.decision() == null ? null : i.decision().name(),
                    i.reason(),
                    i.decidedBy(),
                    i.decidedAt(),
                    i.signatureId());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] pdf(
            AccessReviews.Campaign c,
            List<AccessReviews.Item> items,
            Map<Long, Signature> decisions,
            Signature completion,
            String csvSha256,
            java.util.function.Function<AccessReviews.Item, String> basis) {
        PdfReport pdf = new PdfReport(c.title(), "Access review campaign " + c.id() + " · Qualigate");
        pdf.facts(List.of(
                new String[] {"Scope", (c.scope() == AccessReviews.Scope.SITE ? "site " : "role ") + c.scopeValue()},
                new String[] {"Started", UTC.format(c.startedAt()) + " by " + c.startedBy()},
                new String[] {
                    "Completed", c.completedAt() == null ? "" : UTC.format(c.completedAt()) + " by " + c.completedBy()
                },
                new String[] {
                    "Holders",
                    c.items() + " listed: " + c.confirmed() + " confirmed, " + c.revoked()
                            + " revoked (each revoked role is suspended until a QA approver lifts it)"
                },
                new String[] {"CSV SHA-256", csvSha256}));
        pdf.heading("Holders and decisions");
        List<String[]> rows = new ArrayList<>();
        for (AccessReviews.Item i : items) {
            Signature s = decisions.get(i.id());
            rows.add(new String[] {
                i.employeeId().value() + "\n" + i.name(),
                i.role().value() + "\n" + i.target(),
                basis.apply(i),
                UTC.format(i.heldSince()),
                i.decision() == null ? "" : i.decision().name().toLowerCase(),
                i.reason() == null ? "" : i.reason(),
                s == null ? "" : signatureLine(s)
            });
        }
        pdf.table(
                new String[] {"Person", "Role and target", "Basis", "Held since", "Decision", "Reason", "Signature"},
                new float[] {1.4f, 1.6f, 4f, 1.2f, 0.9f, 2f, 2.2f},
                rows);
        pdf.signatures(List.of(signatureLine(completion) + " — completed the campaign and approved this report"));
        return pdf.finish();
    }

    private static String signatureLine(Signature s) {
        return s.printedName() + " (" + s.signerUsername() + "), " + s.meaning().name() + ", "
                + SIGNED.format(s.signedAt().atZone(s.signerZone())) + " "
                + s.signerZone().getId();
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
