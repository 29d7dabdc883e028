package org.qualigate.training;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.Verdict;
import org.qualigate.audit.AuditRecord;
import org.qualigate.audit.AuditTrail;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.connector.TrainingTarget;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.QualificationCode;
import org.qualigate.text.Refusal;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The parallel-run (PQ) report: a manual-entry export of QMS training records for a period, compared person ×
 * course with what Qualigate wrote (or, in observe mode, would have written) for the same period. Every record
 * of either side becomes one line, classified as a match or as a discrepancy with its cause (time zone,
 * unmapped code, authority, late arrival, manual error), and the run gives the accuracy percentage.
 */
@Component
public class TrainingParallelRun {

    /** What a line of the comparison shows. */
    public enum Classification {
        /** Both sides hold the same completion date and status. */
        MATCH(true),
        /** A day apart, explained by the completion instant falling on another day in UTC than in site time. */
        TIME_ZONE(true),
        /** The QMS owns the person × course: Qualigate does not write it, by design. */
        AUTHORITY(true),
        /** Qualigate followed the HRIS record; the manual entry is missing, extra, mistyped or unreadable. */
        MANUAL_ERROR(true),
        /** The HRIS code has no QMS course in the dictionary, so Qualigate wrote nothing. */
        UNMAPPED_CODE(false),
        /** The HRIS sent the completion after the period had ended. */
        LATE_ARRIVAL(false);

        private final boolean qualigateRight;

        Classification(boolean qualigateRight) {
            this.qualigateRight = qualigateRight;
        }

        /** Whether Qualigate's result was the right one under its documented rules. */
        public boolean qualigateRight() {
            return qualigateRight;
        }
    }

    /** One compared person × course. */
    public record Line(
            String employeeId,
            String courseCode,
            Classification classification,
            @Nullable String manual,
            @Nullable String qualigate,
            String reason) {}

    /**
     * A stored comparison, as its answer shows it (its lines empty in a list). The summary stays the map audited and
     * stored with it: its bytes are the audit entry's.
     */
    public record Report(
            UUID id,
            String site,
            Instant from,
            Instant to,
            String uploadedBy,
            Instant uploadedAt,
            String exportSha256,
            Map<String, Object> summary,
            List<Line> lines) {}

    private final ParallelRuns runs;
    private final Persons persons;
    private final Qualifications qualifications;
    private final InboundEvents inbound;
    private final PlantDefinition plant;
    private final AuditTrail audit;
    private final Clock clock;

    TrainingParallelRun(
            ParallelRuns runs,
            Persons persons,
            Qualifications qualifications,
            InboundEvents inbound,
            PlantDefinition plant,
            AuditTrail audit,
            Clock clock) {
        this.runs = runs;
        this.persons = persons;
        this.qualifications = qualifications;
        this.inbound = inbound;
        this.plant = plant;
        this.audit = audit;
        this.clock = clock;
    }

    /** Compares the export with what Qualigate did in [{@code from}, {@code to}) at the site, stores and audits it. */
    @Transactional
    public Verdict<Report> compare(
            @Nullable String site, @Nullable Instant from, @Nullable Instant to, String export, String uploadedBy) {
        List<Refusal> errors = new ArrayList<>();
        Optional<Site> s = site == null ? Optional.empty() : plant.current().site(site);
        if (site == null || site.isBlank()) {
            errors.add(Refusal.required("site"));
        } else if (s.isEmpty()) {
            errors.add(
                    Refusal.of("site", "is not a site of the plant definition: " + site, "refusal.not-a-site", site));
        }
        if (from == null) {
            errors.add(Refusal.of("from", "is required (RFC 3339 instant)", "refusal.instant"));
        }
        if (to == null) {
            errors.add(Refusal.of("to", "is required (RFC 3339 instant)", "refusal.instant"));
        }
        if (from != null
                && to != null
                && (!from.isBefore(to) || Duration.between(from, to).toDays() > 366)) {
            errors.add(
                    Refusal.of("to", "must be after from and at most 366 days later", "refusal.parallel-run.period"));
        }
        ParallelRunExport read = ParallelRunExport.of(export, errors);
        if (!errors.isEmpty() || s.isEmpty() || from == null || to == null || site == null) {
            return Verdict.invalid(errors);
        }
        Report report = classify(site, s.get().zone(), from, to, read.read(), export, uploadedBy);
        runs.store(report);
        audit.append(new AuditRecord(
                uploadedBy,
                "parallel-run.recorded",
                "parallel-run",
                report.id().toString(),
                null,
                null,
                report.summary(),
                "manual-entry export (SHA-256 " + report.exportSha256() + ") compared for site " + site + ", " + from
                        + " to " + to,
                null));
        return Verdict.of(report);
    }

    /** The report of the manual records against what Qualigate did in the period, from the facts it reads. */
    private Report classify(
            String site,
            ZoneId zone,
            Instant from,
            Instant to,
            ParallelRunExport.Read manual,
            String export,
            String uploadedBy) {
        // person|day of completions Qualigate could not map to a QMS course
        Set<String> unmapped = new HashSet<>();
        Map<String, ParallelRunClassifier.Done> done = done(site, zone, from, to, unmapped);
        // authentic HRIS events held back for want of a mapping since the period began (a completion in the
        // period may arrive after it) also count as unmapped
        String[] people = persons.idsAtSite(site).toArray(String[]::new);
        for (InboundEvents.ParkedEvent e : inbound.parkedSince(people, from)) {
            String day = parkedDay(e.fields(), e.body());
            if (day != null) {
                unmapped.add(e.employeeId() + "|" + day);
            }
        }
        Set<String> owned = new HashSet<>();
        qualifications
                .notHrisOwnedAtSite(site, TrainingTarget.OWNED_RECORDS_SOURCE)
                .forEach(q ->
                        owned.add(q.employeeId().value() + "|" + q.evidence().sourceCode()));
        List<Line> lines = new ArrayList<>(manual.errors());
        lines.addAll(new ParallelRunClassifier(owned, unmapped, runs.heldBack(people), to, zone)
                .classify(manual.manual(), done));
        Map<String, Object> summary = summary(lines, manual.manual().size(), done.size());
        return new Report(
                UUID.randomUUID(),
                site,
                from,
                to,
                uploadedBy,
                clock.instant(),
                CanonicalJson.sha256Hex(export),
                summary,
                lines);
    }

    /** What Qualigate wrote for the site's HRIS completions in the period, keyed person|course. */
    private Map<String, ParallelRunClassifier.Done> done(
            String site, ZoneId zone, Instant from, Instant to, Set<String> unmapped) {
        Map<QualificationCode, String> courses = TrainingRecords.courses(plant);
        Map<String, ParallelRunClassifier.Done> done = new LinkedHashMap<>();
        for (Qualification q : qualifications.hrisCompletedAtSite(site, from, to)) {
            String employee = q.employeeId().value();
            String course = courses.get(q.code());
            Instant completedAt = q.completedAt();
            if (course == null) {
                unmapped.add(employee + "|" + completedAt.atZone(zone).toLocalDate());
                continue;
            }
            done.put(
                    employee + "|" + course,
                    new ParallelRunClassifier.Done(
                            employee,
                            course,
                            completedAt.atZone(zone).toLocalDate(),
                            q.status() == Qualification.Status.REVOKED,
                            completedAt,
                            q.completedOriginal(),
                            q.recordedAt(),
                            q.evidence().source() + "/" + q.evidence().sourceRecordId(),
                            TrainingRecords.externalId(q)));
        }
        return done;
    }

    /** The stored comparisons, newest first, without their lines (at most 200). */
    public List<Report> list() {
        return runs.list();
    }

    /** A stored comparison. */
    public Optional<Report> find(UUID id) {
        return runs.find(id);
    }

    /** The comparison as CSV (RFC 4180), one line per person × course. */
    public static String csv(Report report) {
        List<List<@Nullable String>> rows = new ArrayList<>();
        for (Line l : report.lines()) {
            rows.add(Arrays.asList(
                    l.employeeId(),
                    l.courseCode(),
                    l.classification().name(),
                    l.manual(),
                    l.qualigate(),
                    Boolean.toString(l.classification().qualigateRight()),
                    l.reason()));
        }
        return TrainingCsv.write(
                List.of(
                        "employee_id",
                        "course_code",
                        "classification",
                        "manual",
                        "qualigate",
                        "qualigate_right",
                        "reason"),
                rows);
    }

    /** A map on purpose: it is the run's audit value, whose bytes are hashed into the chain. */
    private static Map<String, Object> summary(List<Line> lines, int manualRecords, int qualigateRecords) {
        Map<Classification, Long> by = new EnumMap<>(Classification.class);
        for (Classification c : Classification.values()) {
            by.put(c, 0L);
        }
        lines.forEach(l -> by.merge(l.classification(), 1L, Long::sum));
        long right =
                lines.stream().filter(l -> l.classification().qualigateRight()).count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lines", lines.size());
        m.put("manualRecords", manualRecords);
        m.put("qualigateRecords", qualigateRecords);
        m.put("byClassification", by);
        m.put("discrepancies", lines.size() - by.get(Classification.MATCH));
        m.put("agreementPercent", percent(by.get(Classification.MATCH), lines.size()));
        m.put("accuracyPercent", percent(right, lines.size()));
        return m;
    }

    private static BigDecimal percent(long part, long whole) {
        return whole == 0
                ? BigDecimal.valueOf(100).setScale(2, RoundingMode.UNNECESSARY)
                : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_EVEN);
    }

    /** The completion day of a parked event, from its canonical fields or its JSON body; null when unreadable. */
    private static @Nullable String parkedDay(@Nullable String fields, byte @Nullable [] body) {
        try {
            String text = fields != null ? fields : body == null ? null : new String(body, StandardCharsets.UTF_8);
            if (text == null || !text.stripLeading().startsWith("{")) {
                return null;
            }
            String on =
                    TrainingConflicts.JSON.readTree(text).path("completedOn").asString("");
            return on.length() >= 10 ? on.substring(0, 10) : null;
        } catch (RuntimeException e) {
            return null; // an unreadable payload explains nothing
        }
    }

    static String value(LocalDate on, boolean revoked) {
        return on + (revoked ? " Revoked" : " Complete");
    }
}
