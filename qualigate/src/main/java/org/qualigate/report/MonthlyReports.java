package org.qualigate.report;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.RecordsBegin;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.SiteInstruments;
import org.qualigate.text.Sha256;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The monthly compliance report: every role granted or revoked in a calendar month (UTC), each with the
 * certification evidence that justified it (code, completion, HR record, approver) or the reason it went,
 * as PDF and CSV, stored as generated and listed for download; a month that ends before Qualigate's records begin
 * says that nothing is known of it, and the month in which they begin says from when its counts are known (decision
 * 0095). The first of each month produces the
 * previous month's report once cluster-wide ({@link #generateIfMissing}); anyone signed in may produce
 * one again on demand, which is kept beside the earlier ones.
 */
@Component
public class MonthlyReports {

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Persons persons;
    private final Clock clock;
    private final RecordSignatures signatures;
    private final PlantDefinition plant;
    private final Qualifications qualifications;
    private final RecordsBegin recordsBegin;

    MonthlyReports(
            JdbcClient jdbc,
            AuditTrail audit,
            Persons persons,
            Clock clock,
            RecordSignatures signatures,
            PlantDefinition plant,
            Qualifications qualifications,
            RecordsBegin recordsBegin) {
        this.recordsBegin = recordsBegin;
        this.plant = plant;
        this.qualifications = qualifications;
        this.signatures = signatures;
        this.jdbc = jdbc;
        this.audit = audit;
        this.persons = persons;
        this.clock = clock;
    }

    /** One stored generation of a month's report (without its files). */
    public record Stored(
            UUID id,
            YearMonth month,
            Instant generatedAt,
            String generatedBy,
            int roleChanges,
            String pdfSha256,
            String csvSha256) {}

    /** One role change of the month with one piece of its supporting evidence (or none, for a revocation). */
    public record RoleChange(
            long seq,
            Instant at,
            String employeeId,
            String name,
            String change,
            String role,
            String target,
            String certification,
            String completed,
            String completedOn,
            String hrRecord,
            String approvedBy,
            String why) {

        String[] cells() {
            return new String[] {
                at.toString(),
                employeeId,
                name,
                change,
                role,
                target,
                certification,
                completed,
                hrRecord,
                approvedBy,
                why,
                completedOn
            };
        }
    }

    /** The month before the one the clock is in. */
    public YearMonth previousMonth() {
        return YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).minusMonths(1);
    }

    /** Generates the month's report unless one is stored already (the scheduled run; idempotent). */
    @Transactional
    public Optional<Stored> generateIfMissing(YearMonth month) {
        // Serialises the instances that race for the same month; the loser then sees the winner's row.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("qualigate.monthly-report:" + month)
                .query(rs -> {});
        if (!list(month).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(generate(month, "system"));
    }

    /** Generates and stores the month's report now, audited as produced by the actor. */
    @Transactional
    public Stored generate(YearMonth month, String actor) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant now = clock.instant();
        List<RoleChange> changes = roleChanges(from, to);
        byte[] csv = MonthlyReportFiles.csv(changes).getBytes(StandardCharsets.UTF_8);
        MonthlyReportFiles.Period period =
                new MonthlyReportFiles.Period(month, from, to, recordsBegin.at().orElse(null));
        byte[] pdf = MonthlyReportFiles.pdf(period, now, actor, changes, signatures.approvedBetween(from, to));
        UUID id = UUID.randomUUID();
        String pdfHash = sha256(pdf);
        String csvHash = sha256(csv);
        jdbc.sql("""
                        INSERT INTO monthly_report (id, month, period_start, period_end, generated_at, generated_by,
                            role_changes, pdf, pdf_sha256, csv, csv_sha256)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        month.atDay(1),
                        Timestamp.from(from),
                        Timestamp.from(to),
                        Timestamp.from(now),
                        actor,
                        changes.size(),
                        pdf,
                        pdfHash,
                        csv,
                        csvHash)
                .update();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("month", month.toString());
        value.put("roleChanges", changes.size());
        value.put("pdfSha256", pdfHash);
        value.put("csvSha256", csvHash);
        audit.append(new AuditRecord(
                actor,
                "report.monthly-generated",
                "monthly-report",
                id.toString(),
                null,
                null,
                value,
                "monthly compliance report for " + month,
                null));
        return new Stored(id, month, now, actor, changes.size(), pdfHash, csvHash);
    }

    /** Every stored generation, newest month first. */
    public List<Stored> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monthly_report ORDER BY month DESC, generated_at DESC")
                .query((rs, n) -> stored(rs))
                .list();
    }

    private List<Stored> list(YearMonth month) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monthly_report WHERE month = ?")
                .param(month.atDay(1))
                .query((rs, n) -> stored(rs))
                .list();
    }

    public Optional<Stored> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM monthly_report WHERE id = ?")
                .param(id)
                .query((rs, n) -> stored(rs))
                .optional();
    }

    /** The stored PDF or CSV ({@code format} is {@code pdf} or {@code csv}). */
    public Optional<byte[]> file(UUID id, String format) {
        String column = switch (format) {
            case "pdf" -> "pdf";
            case "csv" -> "csv";
            default -> throw new IllegalArgumentException("format must be pdf or csv");
        };
        return jdbc.sql("SELECT " + column + " FROM monthly_report WHERE id = ?")
                .param(id)
                .query(byte[].class)
                .optional();
    }

    private static final String COLUMNS = "id, month, generated_at, generated_by, role_changes, pdf_sha256, csv_sha256";

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(
                rs.getObject("id", UUID.class),
                YearMonth.from(rs.getObject("month", LocalDate.class)),
                rs.getTimestamp("generated_at").toInstant(),
                rs.getString("generated_by"),
                rs.getInt("role_changes"),
                rs.getString("pdf_sha256"),
                rs.getString("csv_sha256"));
    }

    /** Role grants and revocations recorded in [from, to), one line per supporting certification. */
    public List<RoleChange> roleChanges(Instant from, Instant to) {
        List<RoleChange> out = new ArrayList<>();
        Map<String, Optional<Person>> people = new LinkedHashMap<>();
        long after = 0;
        while (true) {
            List<AuditEntry> page = audit.find(new AuditQuery(null, "assignment", null, null, from, to, after, 10_000));
            Map<String, Qualification> records = qualifications.byEvidence(page.stream()
                    .filter(e -> e.newValue() != null)
                    .flatMap(e -> e.newValue().path("basis").valueStream())
                    .map(b -> text(b, "evidence"))
                    .filter(id -> !id.isEmpty())
                    .toList());
            for (AuditEntry e : page) {
                if (e.action().equals("role.granted") || e.action().equals("role.revoked")) {
                    out.addAll(lines(e, people, records));
                }
            }
            if (page.size() < 10_000) {
                return out;
            }
            after = page.getLast().seq();
        }
    }

    private List<RoleChange> lines(
            AuditEntry e, Map<String, Optional<Person>> people, Map<String, Qualification> records) {
        String employeeId = e.employeeId() == null ? "" : e.employeeId();
        Optional<Person> person = people.computeIfAbsent(employeeId, this::person);
        String name = person.map(Person::displayName).orElse("");
        SiteTime site = person.map(p -> SiteTime.of(plant.current(), p.site())).orElse(SiteTime.UTC);
        JsonNode v = e.newValue();
        String role = text(v, "role");
        String target = text(v, "target");
        boolean granted = e.action().equals("role.granted");
        String why = e.reason() == null ? "" : e.reason();
        List<RoleChange> lines = new ArrayList<>();
        JsonNode basis = v == null ? null : v.get("basis");
        if (granted && basis != null && basis.isArray() && !basis.isEmpty()) {
            for (JsonNode b : basis) {
                // an instrument's calibration has no completion: its line names the agreed state only
                boolean instrument = SiteInstruments.isInstrumentCode(text(b, "code"));
                lines.add(new RoleChange(
                        e.seq(),
                        e.occurredAt(),
                        employeeId,
                        name,
                        "gained",
                        role,
                        target,
                        text(b, "code") + (b.has("level") ? " (level " + text(b, "level") + ")" : ""),
                        instrument ? "" : text(b, "completedAt"),
                        instrument ? "" : completedOn(b, records, site),
                        text(b, "evidence"),
                        text(b, "approvedBy"),
                        why));
            }
        } else {
            String override = v != null && v.has("override") ? "override" : "";
            lines.add(new RoleChange(
                    e.seq(),
                    e.occurredAt(),
                    employeeId,
                    name,
                    granted ? "gained" : "lost",
                    role,
                    target,
                    override,
                    "",
                    "",
                    "",
                    "",
                    why));
        }
        return lines;
    }

    private Optional<Person> person(String employeeId) {
        return EmployeeId.isValid(employeeId) ? persons.find(EmployeeId.of(employeeId)) : Optional.empty();
    }

    /**
     * The HR calendar date of a grant's cited completion: the source's own date when the record is still the one
     * the grant cited, else the cited instant's day at the person's site.
     */
    private static String completedOn(JsonNode basis, Map<String, Qualification> records, SiteTime site) {
        String completed = text(basis, "completedAt");
        Instant at;
        try {
            at = Instant.parse(completed);
        } catch (java.time.format.DateTimeParseException ex) {
            return "";
        }
        Qualification q = records.get(text(basis, "evidence"));
        String original = q != null && q.completedAt().equals(at) ? q.completedOriginal() : null;
        return site.completedOn(at, original).toString();
    }

    private static String text(@Nullable JsonNode node, String field) {
        if (node == null) {
            return "";
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
