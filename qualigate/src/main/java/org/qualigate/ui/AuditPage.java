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
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditQuery;
import org.qualigate.audit.AuditTrail;
import org.qualigate.intake.InboundEvents;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.report.AuditExport;
import org.qualigate.report.RecordSignatures;
import org.qualigate.signature.ElectronicSignatures;
import org.qualigate.signature.Signature;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Audit review: the trail filtered by person, action, kind of record and period, newest first a page at a time
 * (walking back by entry number), the hash chain's verification, one entry with every field, and the filtered
 * entries exported as JSON, CSV or PDF.
 */
@Controller
class AuditPage {

    private static final int PAGE = 200;
    static final int EXPORT = 10_000;
    /** Matching entries are counted up to this many; beyond, the page says "more than". */
    private static final long COUNTED = 100_000;

    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final RecordSignatures signatures;
    private final ElectronicSignatures electronicSignatures;
    private final InboundEvents events;

    AuditPage(
            AuditTrail audit,
            ObjectMapper json,
            Clock clock,
            RecordSignatures signatures,
            ElectronicSignatures electronicSignatures,
            InboundEvents events) {
        this.electronicSignatures = electronicSignatures;
        this.events = events;
        this.signatures = signatures;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The filter as typed, checked field by field. */
    record Filter(String employeeId, String action, String entityType, String from, String to, String actor) {

        Filter(String employeeId, String action, String entityType, String from, String to) {
            this(employeeId, action, entityType, from, to, "");
        }

        AuditQuery query(FieldErrors errors, int limit) {
            if (!employeeId.isBlank() && !EmployeeId.isValid(employeeId.trim())) {
                errors.reject("employeeId", org.qualigate.text.Sentence.of("form.error.employee-id"));
            }
            if (action.length() > 64 || !action.matches("[a-z.-]*")) {
                errors.reject("action", org.qualigate.text.Sentence.of("form.error.action"));
            }
            if (entityType.length() > 64 || !entityType.matches("[a-z-]*")) {
                errors.reject("entityType", org.qualigate.text.Sentence.of("form.error.entity-type"));
            }
            Instant f = day(from, "from", errors, 0);
            Instant t = day(to, "to", errors, 1);
            if (f != null && t != null && !f.isBefore(t)) {
                errors.reject("to", org.qualigate.text.Sentence.of("form.error.not-before-first"));
            }
            if (actor.length() > 128) {
                errors.reject("actor", org.qualigate.text.Sentence.of("form.error.actor"));
            }
            return new AuditQuery(
                    blank(employeeId), blank(entityType), null, blank(action), f, t, 0, limit, blank(actor));
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
            if (!actor.isBlank()) {
                parts.add("by " + actor.trim());
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
                errors.reject(field, org.qualigate.text.Sentence.of("form.error.date"));
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
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "") String actor,
            @RequestParam(defaultValue = "newest") String order,
            @RequestParam(required = false) @Nullable Long after,
            Model model) {
        Filter filter = new Filter(employeeId, action.trim(), entityType.trim(), from, to, actor.trim());
        FieldErrors errors = new FieldErrors();
        boolean oldest = order.equals("oldest");
        // one more than a page, to know whether a further page exists
        AuditQuery query = filter.query(errors, PAGE + 1);
        if (before != null && before < 1) {
            errors.reject("before", org.qualigate.text.Sentence.of("form.error.entry-number"));
        }
        if (after != null && after < 0) {
            errors.reject("before", org.qualigate.text.Sentence.of("form.error.entry-number"));
        }
        model.addAttribute("filter", filter);
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("oldest", oldest);
        // a page at a time by entry number (keyset: as fast far back as at the top), newest first walking back,
        // or oldest first walking forward
        List<AuditEntry> page;
        if (errors.any()) {
            page = List.of();
        } else if (oldest) {
            page = audit.find(new AuditQuery(
                    query.employeeId(),
                    query.entityType(),
                    null,
                    query.action(),
                    query.from(),
                    query.to(),
                    after == null ? 0 : after,
                    PAGE + 1,
                    query.actor()));
        } else {
            page = audit.findNewestFirst(query, before == null ? Long.MAX_VALUE : before);
        }
        List<AuditEntry> shown = page.subList(0, Math.min(PAGE, page.size()));
        long total = errors.any() ? 0 : audit.count(query, COUNTED);
        model.addAttribute("entries", shown);
        model.addAttribute("total", total);
        model.addAttribute("counted", COUNTED);
        model.addAttribute("before", oldest ? after : before);
        model.addAttribute(
                "older", page.size() > PAGE ? Long.valueOf(shown.getLast().seq()) : null);
        String asked = queryString(filter);
        model.addAttribute("query", asked);
        model.addAttribute("filterQuery", asked.isEmpty() ? "" : asked.substring(1));
        return "audit";
    }

    /** One audit entry with every field, its place in the hash chain, the signatures on its record and its payload. */
    @GetMapping("/audit/{seq}")
    String entry(@PathVariable long seq, Model model) {
        AuditEntry e = audit.bySeq(seq)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no audit entry " + seq));
        model.addAttribute("e", e);
        model.addAttribute("oldValue", pretty(e.oldValue()));
        model.addAttribute("newValue", pretty(e.newValue()));
        model.addAttribute("problem", audit.check(e).orElse(null));
        model.addAttribute("newer", audit.bySeq(seq + 1).isPresent());
        Map<String, Signature> signed = new LinkedHashMap<>();
        electronicSignatures
                .signaturesOf(e.entityType(), e.entityId())
                .forEach(sg -> signed.put(sg.id().toString(), sg));
        List<String> lines = new ArrayList<>();
        signed.values().forEach(sg -> lines.add(RecordSignatures.phrase(sg)));
        for (RecordSignatures.Signed sg : signatures.of(List.of(e))) {
            if (!signed.containsKey(sg.signature().id().toString())) {
                signed.put(sg.signature().id().toString(), sg.signature());
                lines.add(sg.line());
            }
        }
        model.addAttribute("signatures", lines);
        model.addAttribute("payloads", payloadsOf(e));
        return "audit-entry";
    }

    /** The raw payload an entry cites, as received (text as text; anything else as a download). */
    @GetMapping("/audit/payloads/{id}")
    ResponseEntity<byte[]> payload(@PathVariable UUID id) {
        InboundEvents.StoredEvent event = events.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no payload " + id));
        if (event.body().length == 0) {
            return ResponseEntity.status(HttpStatus.GONE)
                    .contentType(MediaType.parseMediaType("text/plain; charset=UTF-8"))
                    .body(("The payload " + id + " was purged after its retention period; its SHA-256 was "
                                    + event.bodySha256() + ".")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return event.bodyText()
                .map(text -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType("text/plain; charset=UTF-8"))
                        .header("X-Payload-SHA-256", event.bodySha256())
                        .body(text.getBytes(StandardCharsets.UTF_8)))
                .orElseGet(() -> download("payload-" + id + ".bin", MediaType.APPLICATION_OCTET_STREAM, event.body()));
    }

    /** The inbound events an entry cites: the one it is about, the record's event, or each basis record's. */
    private static List<String> payloadsOf(AuditEntry e) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        if (e.entityType().equals("inbound-event")) {
            ids.add(e.entityId());
        }
        JsonNode v = e.newValue();
        if (v != null) {
            ids.add(v.path("eventId").asString(""));
            v.path("basis").valueStream().forEach(b -> ids.add(b.path("eventId").asString("")));
        }
        return ids.stream().filter(AuditPage::isUuid).toList();
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equals(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String pretty(@Nullable JsonNode value) {
        return value == null ? "" : json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
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
            @RequestParam(defaultValue = "") String actor,
            Authentication user) {
        Filter filter = new Filter(employeeId, action.trim(), entityType.trim(), from, to, actor.trim());
        FieldErrors errors = new FieldErrors();
        AuditQuery query = filter.query(errors, EXPORT);
        if (!format.equals("csv") && !format.equals("json") && !format.equals("pdf")) {
            errors.reject("format", org.qualigate.text.Sentence.of("form.error.json-csv-pdf"));
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
    static String incomplete(List<AuditEntry> entries) {
        return entries.size() < EXPORT
                ? ""
                : " (only the first " + EXPORT + " matching entries: narrow the period to export the rest)";
    }

    private List<AuditEntry> find(AuditQuery query) {
        return audit.find(query);
    }

    private byte[] json(List<AuditEntry> entries, Filter filter, Instant now, Authentication user) {
        // the signatures on the records the entries concern (change sets), each naming its change set
        return json.writeValueAsBytes(AuditJsonExport.of(
                entries,
                filter.describe(),
                now,
                user.getName(),
                audit.verify(),
                signatures.of(entries).stream()
                        .map(RecordSignatures.Signed::view)
                        .toList()));
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
        append(s, "actor", f.actor());
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
