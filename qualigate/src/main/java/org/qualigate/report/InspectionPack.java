package org.qualigate.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.Deferral;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.AuditVerification;
import org.qualigate.delivery.AssignmentHistory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inspection pack of "who held role X at T, and why": one zip with the answer as PDF and CSV, every audit entry
 * it cites (CSV and JSON), and a manifest with the chain's verification at export, who exported it and when, when
 * Qualigate's records begin and whether the answer's instant of knowledge lies before them (decision 0095), and the
 * SHA-256 of each part. The export is itself recorded in the audit trail ({@code inspection-pack.exported})
 * with the SHA-256 of every part and of the zip, so that any copy can be checked against the tamper-evident trail
 * (decision 0031).
 */
@Component
public class InspectionPack {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditTrail audit;
    private final PlantDefinition plant;
    private final Clock clock;

    InspectionPack(AuditTrail audit, PlantDefinition plant, Clock clock) {
        this.audit = audit;
        this.plant = plant;
        this.clock = clock;
    }

    /** The pack as built: its file name, the zip, its id and the SHA-256 of each part. */
    public record Pack(UUID id, String fileName, byte[] zip, Map<String, String> sha256) {

        /** The zip as a download, with its id and SHA-256 in headers. */
        public org.springframework.http.ResponseEntity<byte[]> download() {
            return org.springframework.http.ResponseEntity.ok()
                    .contentType(org.springframework.http.MediaType.parseMediaType("application/zip"))
                    .header(
                            org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                            org.springframework.http.ContentDisposition.attachment()
                                    .filename(fileName)
                                    .build()
                                    .toString())
                    .header("X-Inspection-Pack", id.toString())
                    .header("X-Inspection-Pack-SHA256", sha256.get("(zip)"))
                    .body(zip);
        }
    }

    /** Builds the pack and records its export, with the hash of every part, in one transaction. */
    @Transactional
    public Pack export(RoleHolders.Answer answer, String exportedBy) {
        Instant now = clock.instant();
        List<Long> cited = answer.holders().stream()
                .flatMap(h -> h.auditEntries().stream())
                .distinct()
                .sorted()
                .toList();
        List<AuditEntry> entries = new ArrayList<>();
        for (Long seq : cited) {
            audit.bySeq(seq).ifPresent(entries::add);
        }
        AuditVerification chain = audit.verify();
        String chainText = chain.valid()
                ? "intact: all " + chain.entries() + " entries verified at " + SiteTime.utc(now)
                : "BROKEN at entry " + chain.firstBrokenSeq() + ": " + chain.reason();
        Export export = new Export(UUID.randomUUID(), answer, exportedBy, now, cited, chainText);
        SiteTime site = SiteTime.of(plant.current(), answer.site());
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("holders.pdf", pdf(answer, site, chainText, exportedBy, now, cited.size()));
        parts.put("holders.csv", csv(answer, site).getBytes(StandardCharsets.UTF_8));
        parts.put("audit-entries.csv", AuditExport.csv(entries).getBytes(StandardCharsets.UTF_8));
        parts.put("audit-entries.json", JSON.writeValueAsBytes(entries));
        Map<String, String> sha = new LinkedHashMap<>();
        parts.forEach((name, bytes) -> sha.put(name, MonthlyReports.sha256(bytes)));
        // the manifest lists the other parts' hashes, and is hashed itself for the audit entry
        byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest(export, sha));
        parts.put("manifest.json", manifestBytes);
        sha.put("manifest.json", MonthlyReports.sha256(manifestBytes));
        byte[] zip = zip(parts);
        String zipSha = MonthlyReports.sha256(zip);
        audit.append(exported(export, sha, zipSha));
        String name = "inspection-pack-" + answer.role().value() + "-"
                + answer.at().toString().replace(":", "").replace("-", "") + ".zip";
        Map<String, String> all = new LinkedHashMap<>(sha);
        all.put("(zip)", zipSha);
        return new Pack(export.id(), name, zip, all);
    }

    /** One export: the pack's id, the answer it holds, who exported it when, the audit entries cited, the chain. */
    private record Export(
            UUID id, RoleHolders.Answer answer, String exportedBy, Instant at, List<Long> cited, String chain) {}

    /**
     * The pack's manifest: the question, the answer's basis, who exported it, and the SHA-256 of each part; a map on
     * purpose: its bytes are hashed into the export's audit entry.
     */
    private static Map<String, Object> manifest(Export export, Map<String, String> sha) {
        RoleHolders.Answer answer = export.answer();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("pack", export.id().toString());
        manifest.put("question", "who held " + answer.role() + " at " + answer.at() + ", and why");
        manifest.put("role", answer.role().value());
        manifest.put("at", answer.at().toString());
        manifest.put("knownAt", answer.knownAt().toString());
        manifest.put("recordsBegin", recordsBegin(answer));
        manifest.put("beforeRecordsBegin", answer.records().beforeRecordsBegin());
        manifest.put("targetsHeldUnknown", answer.records().targetsHeldUnknown());
        manifest.put("rulesVersion", answer.rulesVersion());
        manifest.put("holders", answer.holders().size());
        manifest.put("auditEntriesCited", export.cited());
        manifest.put("auditChain", export.chain());
        manifest.put("exportedBy", export.exportedBy());
        manifest.put("exportedAt", export.at().toString());
        manifest.put("sha256", sha);
        manifest.put(
                "recordedAs",
                "audit entry inspection-pack.exported for inspection-pack " + export.id()
                        + ", with the SHA-256 of each part and of this zip");
        return manifest;
    }

    /** When Qualigate's records begin, as the API states it: the instant, or null while there are none. */
    private static @Nullable String recordsBegin(RoleHolders.Answer answer) {
        Instant begin = answer.records().recordsBegin();
        return begin == null ? null : begin.toString();
    }

    /** The audit entry of the export, with the SHA-256 of each part and of the zip. */
    private static AuditRecord exported(Export export, Map<String, String> sha, String zipSha) {
        RoleHolders.Answer answer = export.answer();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("role", answer.role().value());
        value.put("at", answer.at().toString());
        value.put("knownAt", answer.knownAt().toString());
        value.put("recordsBegin", recordsBegin(answer));
        value.put("beforeRecordsBegin", answer.records().beforeRecordsBegin());
        value.put("targetsHeldUnknown", answer.records().targetsHeldUnknown());
        value.put("holders", answer.holders().size());
        value.put("withoutBasis", answer.count(RoleHolders.Why.NONE));
        value.put("auditEntriesCited", export.cited().size());
        value.put("auditChain", export.chain());
        value.put("sha256", sha);
        value.put("zipSha256", zipSha);
        return new AuditRecord(
                export.exportedBy(),
                "inspection-pack.exported",
                "inspection-pack",
                export.id().toString(),
                null,
                null,
                value,
                export.exportedBy() + " exported who held " + answer.role() + " at " + answer.at() + " (as known at "
                        + answer.knownAt() + "): " + answer.holders().size() + " holders, "
                        + export.cited().size()
                        + " audit entries cited",
                export.id().toString());
    }

    private static byte[] zip(Map<String, byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> part : parts.entrySet()) {
                ZipEntry e = new ZipEntry(part.getKey());
                // a fixed entry time, so that the same parts give the same zip
                e.setTime(0);
                z.putNextEntry(e);
                z.write(part.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One line per holder: why, what the targets held, the set and evidence, and the audit entries — every instant
     * at the site with its zone named and UTC beside it, every calendar date as that date, as the page states them
     * (decision 0029).
     */
    static String csv(RoleHolders.Answer a, SiteTime site) {
        StringBuilder out = new StringBuilder();
        Csv.Lines csv = Csv.lines(out)
                .header("role,at,known_at,employee_id,name,status,why,in_targets,set,in_grace,justified_from,"
                        + "justified_until,evidence,override,deferral,audit_entries,records_begin,"
                        + "before_records_begin,targets_held_unknown");
        String at = site.instant(a.at());
        String knownAt = site.instant(a.knownAt());
        Instant begin = a.records().recordsBegin();
        for (RoleHolders.Holder h : a.holders()) {
            EntitlementInterval j = h.justification();
            csv.line(
                    a.role().value(),
                    at,
                    knownAt,
                    h.employeeId(),
                    h.name(),
                    h.status(),
                    h.why().label(),
                    inTargets(h.inTargets(), site),
                    j == null ? "" : Integer.toString(j.set()),
                    j == null ? "" : Boolean.toString(j.inGrace()),
                    j == null ? "" : site.instant(j.validFrom()),
                    j == null || j.validTo() == null ? "" : site.until(j.validTo()),
                    j == null ? "" : evidence(j, site),
                    h.override() == null ? "" : override(h.override(), site),
                    h.deferral() == null ? "" : deferral(h.deferral(), site),
                    String.join(
                            ";", h.auditEntries().stream().map(String::valueOf).toList()),
                    begin == null ? "" : site.instant(begin),
                    a.records().beforeRecordsBegin(),
                    a.records().targetsHeldUnknown());
        }
        return out.toString();
    }

    /** Every requirement's evidence of a justification, as {@link #evidence(EntitlementInterval.Evidence, SiteTime)}. */
    static String evidence(EntitlementInterval j, SiteTime site) {
        return String.join("; ", j.basis().stream().map(e -> evidence(e, site)).toList());
    }

    /**
     * "PACK-SERIAL: record TR-1 (level 1), approved by TC-0042, completed 12 Nov 2026, valid through 9 Mar 2027, end
     * of day Europe/Zurich": the record's dates as the source gave them, in the site's calendar (decision 0029); the
     * page, the PDF and the CSV state it so.
     */
    public static String evidence(EntitlementInterval.Evidence e, SiteTime site) {
        SiteTime.RecordDates dates =
                site.dates(e.completedAt(), e.completedOriginal(), e.expiresAt(), e.expiresOriginal());
        if (e.isInstrument()) {
            return "equipment " + e.instrument() + ": " + e.evidenceId() + " (agreed calibration), " + dates.validity();
        }
        return e.code() + ": record " + e.sourceRecordId() + " (level " + e.level() + ")"
                + (e.approvedBy() == null ? "" : ", approved by " + e.approvedBy())
                + ", completed " + dates.completion() + ", " + dates.validity()
                + (e.inGrace() ? ", in grace" : "");
    }

    /** "mes since 5 Apr 2027 07:30 Europe/Zurich (05:30 UTC) (granted: …)", one per target. */
    public static String inTargets(List<AssignmentHistory.Held> held, SiteTime site) {
        return String.join("; ", held.stream().map(x -> heldInTarget(x, site)).toList());
    }

    /** One target's holding, as {@link #inTargets}. */
    public static String heldInTarget(AssignmentHistory.Held x, SiteTime site) {
        return x.target() + " since " + site.instant(x.heldFrom()) + " (" + x.causeText() + ")";
    }

    /** "override by qa.lead until 5 Apr 2027 18:00 Europe/Zurich (16:00 UTC): line trial". */
    public static String override(AccessOverride o, SiteTime site) {
        return "override by " + o.grantedBy() + " until " + site.instant(o.effectiveEnd()) + ": " + o.reason();
    }

    /** "revocation deferred until 5 Apr 2027 18:00 Europe/Zurich (16:00 UTC): batch in progress". */
    public static String deferral(Deferral d, SiteTime site) {
        return "revocation deferred until " + site.instant(d.until()) + ": " + d.reason();
    }

    private static byte[] pdf(
            RoleHolders.Answer a, SiteTime site, String chain, String exportedBy, Instant now, int cited) {
        List<String[]> rows = new ArrayList<>();
        for (RoleHolders.Holder h : a.holders()) {
            EntitlementInterval j = h.justification();
            String why = switch (h.why()) {
                case RULES -> "set " + j.set() + (j.inGrace() ? " (in grace)" : "") + ": " + evidence(j, site);
                case OVERRIDE -> override(h.override(), site);
                case DEFERRAL -> deferral(h.deferral(), site);
                case NONE -> "NO BASIS at this instant";
            };
            rows.add(new String[] {
                h.employeeId(),
                h.name() + (h.status().equals("ACTIVE") ? "" : " (" + h.status().toLowerCase(Locale.ROOT) + ")"),
                h.inTargets().isEmpty()
                        ? a.records().targetsHeldUnknown() ? "not known" : "not held in a target"
                        : inTargets(h.inTargets(), site),
                why,
                String.join(", ", h.auditEntries().stream().map(String::valueOf).toList())
            });
        }
        return new PdfReport(
                        "Who held " + a.role() + ", and why",
                        "Qualigate inspection pack · " + SiteTime.utc(now) + " · " + exportedBy)
                .facts(List.of(
                        new String[] {
                            "Role",
                            a.role() + " (site " + a.site() + (a.line() == null ? "" : ", line " + a.line()) + ")"
                        },
                        new String[] {"At", site.instant(a.at())},
                        new String[] {"As known at", site.instant(a.knownAt()) + "; rules version " + a.rulesVersion()},
                        new String[] {"Records begin", RecordsBeginText.begin(a.records(), site)},
                        new String[] {
                            "Holders",
                            a.holders().size() + ": " + a.count(RoleHolders.Why.RULES) + " justified by the rules, "
                                    + a.count(RoleHolders.Why.OVERRIDE) + " by an override, "
                                    + a.count(RoleHolders.Why.DEFERRAL) + " by a deferred revocation, "
                                    + a.count(RoleHolders.Why.NONE) + " without a basis; "
                                    + a.counts().heldInTargets()
                                    + " held in a target"
                                    + RecordsBeginText.targetsHeldUnknown(a.records(), site)
                        },
                        new String[] {"Audit entries cited", cited + " (in audit-entries.csv and .json)"},
                        new String[] {"Hash chain", chain},
                        new String[] {"Exported", site.instant(now) + " by " + exportedBy}))
                .warning(RecordsBeginText.nothingKnown(a.records(), site))
                .heading("Holders")
                .table(
                        new String[] {"employee", "name", "held in the MES", "why", "audit entries"},
                        new float[] {1.2f, 2f, 3.2f, 6f, 1.4f},
                        rows)
                .paragraph("The SHA-256 of each file of this pack is in manifest.json and in the audit entry "
                        + "inspection-pack.exported that recorded this export.")
                .finish();
    }
}
