package org.qualigate.ui;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.report.AuditExport;
import org.qualigate.report.RecordSignatures;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.ObjectMapper;

/**
 * Audit review: the trail filtered by person, action, kind of record and period, the hash chain's
 * verification, and the filtered entries exported as JSON, CSV or PDF.
 */
@Controller
class AuditPage {

    private static final int PAGE = 200;
    private static final int EXPORT = 10_000;

    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final RecordSignatures signatures;

    AuditPage(AuditTrail audit, ObjectMapper json, Clock clock, RecordSignatures signatures) {
        this.signatures = signatures;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The filter as typed, checked field by field. */
    record Filter(String employeeId, String action, String entityType, String from, String to) {

        AuditQuery query(FieldErrors errors, int limit) {
            if (!employeeId.isBlank() && !EmployeeId.isValid(employeeId.trim())) {
                errors.reject("employeeId", "An employee ID has only letters, digits, '.', '_' and '-'.");
            }
            if (action.length() > 64 || !action.matches("[a-z.-]*")) {
                errors.reject("action", "An action looks like role.granted.");
            }
            if (entityType.length() > 64 || !entityType.matches("[a-z-]*")) {
                errors.reject("entityType", "A kind of record looks like assignment.");
            }
            Instant f = day(from, "from", errors, 0);
            Instant t = day(to, "to", errors, 1);
            if (f != null && t != null && !f.isBefore(t)) {
                errors.reject("to", "Must not be before the first day.");
            }
            return new AuditQuery(blank(employeeId), blank(entityType), null, blank(action), f, t, 0, limit);
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!employeeId.isBlank()) {
                parts.add("person " + employeeId.trim());
            }
            if (!action.isBlank()) {
                parts.add("action " + action);
            }
            if (!entityType.isBlank()) {
                parts.add("record " + entityType);
            }
            if (!from.isBlank()) {
                parts.add("from " + from);
            }
            if (!to.isBlank()) {
                parts.add("through " + to);
            }
            return parts.isEmpty() ? "all entries" : String.join(", ", parts);
        }

        private static @Nullable Instant day(String text, String field, FieldErrors errors, int plusDays) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text.trim())
                        .plusDays(plusDays)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException e) {
                errors.reject(field, "Enter a date as YYYY-MM-DD.");
                return null;
            }
        }

        private static @Nullable String blank(String s) {
            return s.isBlank() ? null : s.trim();
        }
    }

    @GetMapping("/audit")
    String review(
            @RequestParam(defaultValue = "") String employeeId,
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String entityType,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            Model model) {
        Filter filter = new Filter(employeeId, action.trim(), entityType.trim(), from, to);
        FieldErrors errors = new FieldErrors();
        AuditQuery query = filter.query(errors, EXPORT);
        model.addAttribute("filter", filter);
        model.addAttribute("errors", errors.asMap());
        List<AuditEntry> entries = errors.any() ? List.of() : find(query);
        // newest first on screen, at most one page; the export has them all, oldest first
        List<AuditEntry> shown = new ArrayList<>(entries.subList(Math.max(0, entries.size() - PAGE), entries.size()));
        java.util.Collections.reverse(shown);
        model.addAttribute("entries", shown);
        model.addAttribute("total", entries.size());
        model.addAttribute("truncated", entries.size() >= EXPORT);
        model.addAttribute("query", queryString(filter));
        return "audit";
    }

    /** The chain's verification, loaded after the page (it reads the whole trail). */
    @GetMapping("/audit/chain")
    String chain(Model model) {
        model.addAttribute("chain", audit.verify());
        return "audit :: chain";
    }

    @GetMapping("/audit/export")
    ResponseEntity<byte[]> export(
            @RequestParam(defaultValue = "csv") String format,
            @RequestParam(defaultValue = "") String employeeId,
            @RequestParam(defaultValue = "") String action,
            @RequestParam(defaultValue = "") String entityType,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            Authentication user) {
        Filter filter = new Filter(employeeId, action.trim(), entityType.trim(), from, to);
        FieldErrors errors = new FieldErrors();
        AuditQuery query = filter.query(errors, EXPORT);
        if (!format.equals("csv") && !format.equals("json") && !format.equals("pdf")) {
            errors.reject("format", "Choose JSON, CSV or PDF.");
        }
        if (errors.any()) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.TEXT_PLAIN)
                    .body(errors.asMap().toString().getBytes(StandardCharsets.UTF_8));
        }
        List<AuditEntry> entries = find(query);
        Instant now = clock.instant();
        String name = "audit-trail-" + now.toString().substring(0, 10);
        return switch (format) {
            case "json" -> download(name + ".json", MediaType.APPLICATION_JSON, json(entries, filter, now, user));
            case "pdf" ->
                download(
                        name + ".pdf",
                        MediaType.APPLICATION_PDF,
                        AuditExport.pdf(
                                entries,
                                filter.describe() + incomplete(entries),
                                audit.verify(),
                                now,
                                user.getName(),
                                signatures.of(entries)));
            default ->
                download(
                        name + ".csv",
                        MediaType.parseMediaType("text/csv; charset=UTF-8"),
                        AuditExport.csv(entries).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Says when an export holds only the first {@value #EXPORT} matching entries, and how to get the rest. */
    private static String incomplete(List<AuditEntry> entries) {
        return entries.size() < EXPORT
                ? ""
                : " (only the first " + EXPORT + " matching entries: narrow the period to export the rest)";
    }

    private List<AuditEntry> find(AuditQuery query) {
        return audit.find(query);
    }

    private byte[] json(List<AuditEntry> entries, Filter filter, Instant now, Authentication user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exportedAt", now);
        m.put("exportedBy", user.getName());
        m.put("filter", filter.describe());
        // an export never passes for the whole trail when it is not: the reader is told, and how to get the rest
        m.put("complete", entries.size() < EXPORT);
        if (entries.size() >= EXPORT) {
            m.put("note", incomplete(entries).strip());
        }
        m.put("chain", audit.verify());
        // the signatures on the records the entries concern (change sets), each naming its change set
        m.put(
                "signatures",
                signatures.of(entries).stream()
                        .map(RecordSignatures.Signed::view)
                        .toList());
        m.put("entries", entries);
        return json.writeValueAsBytes(m);
    }

    static ResponseEntity<byte[]> download(String fileName, MediaType type, byte[] body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .body(body);
    }

    private static String queryString(Filter f) {
        StringBuilder s = new StringBuilder();
        append(s, "employeeId", f.employeeId());
        append(s, "action", f.action());
        append(s, "entityType", f.entityType());
        append(s, "from", f.from());
        append(s, "to", f.to());
        return s.toString();
    }

    private static void append(StringBuilder s, String name, String value) {
        if (!value.isBlank()) {
            s.append('&')
                    .append(name)
                    .append('=')
                    .append(java.net.URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
        }
    }
}
