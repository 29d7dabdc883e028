package org.qualigate.ui;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.intake.InboundEvents;
import org.qualigate.intake.SetAsideEvents;
import org.qualigate.ledger.EmployeeId;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The events set aside, all of them, a page at a time (keyset by arrival and id, oldest or newest first),
 * filtered by what became of them, source, person and words of the reason; each with its payload, and the
 * actions that empty the list: process a parked event again, or acknowledge any with a reason (audited).
 */
@Controller
class SetAsidePages {

    static final int PAGE = 50;
    private static final long COUNTED = 100_000;

    private final InboundEvents events;
    private final SetAsideEvents actions;

    SetAsidePages(InboundEvents events, SetAsideEvents actions) {
        this.events = events;
        this.actions = actions;
    }

    @GetMapping("/review/events")
    String list(
            @RequestParam(defaultValue = "") String outcome,
            @RequestParam(defaultValue = "") String source,
            @RequestParam(defaultValue = "") String employeeId,
            @RequestParam(defaultValue = "") String q,
            @RequestParam(defaultValue = "oldest") String sort,
            @RequestParam(defaultValue = "") String after,
            Model model) {
        FieldErrors errors = new FieldErrors();
        String o = outcome.trim().toUpperCase(java.util.Locale.ROOT);
        if (!o.isEmpty() && !List.of("PARKED", "REJECTED", "QUARANTINED").contains(o)) {
            errors.reject("outcome", org.qualigate.text.Sentence.of("form.error.outcome"));
        }
        if (!employeeId.isBlank() && !EmployeeId.isValid(employeeId.trim())) {
            errors.reject("employeeId", org.qualigate.text.Sentence.of("form.error.employee-id"));
        }
        if (q.length() > 100) {
            errors.reject("q", org.qualigate.text.Sentence.of("form.error.at-most-100"));
        }
        InboundEvents.Position from = position(after, errors);
        boolean newest = sort.equals("newest");
        InboundEvents.SetAsideQuery query = new InboundEvents.SetAsideQuery(
                o.isEmpty() ? null : o,
                source.isBlank() ? null : source.trim(),
                employeeId.isBlank() ? null : employeeId.trim(),
                q.isBlank() ? null : q.trim(),
                newest);
        List<InboundEvents.StoredEvent> page = errors.any() ? List.of() : events.setAside(query, from, PAGE + 1);
        List<InboundEvents.StoredEvent> shown = page.subList(0, Math.min(PAGE, page.size()));
        model.addAttribute("events", shown);
        model.addAttribute("total", errors.any() ? 0 : events.countSetAside(query, COUNTED));
        model.addAttribute("counted", COUNTED);
        model.addAttribute("errors", errors.asMap());
        model.addAttribute("sources", events.setAsideSources());
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("outcome", o);
        filter.put("source", source.trim());
        filter.put("employeeId", employeeId.trim());
        filter.put("q", q.trim());
        filter.put("sort", newest ? "newest" : "oldest");
        model.addAttribute("filter", filter);
        String link = PageModel.queryOf(filter);
        model.addAttribute("query", link);
        model.addAttribute(
                "here",
                "/review/events" + link
                        + (from == null
                                ? ""
                                : (link.isEmpty() ? "?" : "&") + "after=" + cursor(from.receivedAt(), from.id())));
        model.addAttribute("paged", from != null);
        model.addAttribute(
                "next",
                page.size() > PAGE
                        ? cursor(shown.getLast().receivedAt(), shown.getLast().id())
                        : null);
        return "events";
    }

    @PostMapping("/review/events/{id}/reprocess")
    String reprocess(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String back,
            Authentication user,
            RedirectAttributes redirect) {
        SetAsideEvents.Outcome outcome = actions.reprocess(id, "user:" + user.getName());
        if (outcome == SetAsideEvents.Outcome.NOT_OPEN && events.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no event " + id);
        }
        redirect.addFlashAttribute("done", "reprocess-" + outcome.name().toLowerCase(java.util.Locale.ROOT));
        redirect.addFlashAttribute("doneId", id.toString());
        return "redirect:" + back(back);
    }

    @PostMapping("/review/events/{id}/acknowledge")
    String acknowledge(
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String back,
            Authentication user,
            RedirectAttributes redirect) {
        if (events.find(id).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no event " + id);
        }
        if (reason.isBlank()) {
            redirect.addFlashAttribute("done", "reason-missing");
        } else {
            SetAsideEvents.Outcome outcome = actions.acknowledge(id, reason, "user:" + user.getName());
            redirect.addFlashAttribute("done", "acknowledge-" + outcome.name().toLowerCase(java.util.Locale.ROOT));
        }
        redirect.addFlashAttribute("doneId", id.toString());
        return "redirect:" + back(back);
    }

    /** Back to the list as it was filtered; never anywhere but this list. */
    private static String back(String back) {
        return back.startsWith("/review/events") && !back.contains("//") && !back.contains("\\")
                ? back
                : "/review/events";
    }

    static String cursor(Instant at, UUID id) {
        long micros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
        return micros + "~" + id;
    }

    private static InboundEvents.@Nullable Position position(String after, FieldErrors errors) {
        if (after.isBlank()) {
            return null;
        }
        String[] parts = after.split("~", 2);
        try {
            long micros = Long.parseLong(parts[0]);
            return new InboundEvents.Position(
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L),
                    UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            errors.reject("after", org.qualigate.text.Sentence.of("form.error.damaged-link"));
            return null;
        }
    }
}
