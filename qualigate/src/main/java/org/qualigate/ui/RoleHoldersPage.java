package org.qualigate.ui;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.qualigate.access.EntitlementInterval;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.policy.RoleName;
import org.qualigate.report.InspectionPack;
import org.qualigate.report.RoleHolders;
import org.qualigate.text.Sentence;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who held a role at an instant, and why: the day and time are the role's site's (a shift starts at 06:00 in
 * Basel, not in UTC), the answer is as Qualigate knew it then unless asked as known now, and one button exports it
 * as an inspection pack. Reached from each role on the rules page and from the compliance report.
 */
@Controller
class RoleHoldersPage {

    private final RoleHolders holders;
    private final InspectionPack packs;
    private final PlantDefinition plant;
    private final Clock clock;

    RoleHoldersPage(RoleHolders holders, InspectionPack packs, PlantDefinition plant, Clock clock) {
        this.holders = holders;
        this.packs = packs;
        this.plant = plant;
        this.clock = clock;
    }

    /** Holders shown on one page. */
    static final int PAGE = 200;

    @GetMapping("/roles/{role}")
    String holders(
            @PathVariable String role,
            @RequestParam(defaultValue = "") String at,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String time,
            @RequestParam(defaultValue = "then") String known,
            @RequestParam(defaultValue = "") String after,
            Model model) {
        RoleName name = roleOrNotFound(role);
        RoleHolders.Scope scope = holders.scope(name).orElseThrow(() -> notFound(role));
        ZoneId zone = plant.current().site(scope.site()).map(s -> s.zone()).orElse(ZoneOffset.UTC);
        SiteTime site = new SiteTime(zone);
        Instant now = clock.instant();
        FieldErrors errors = new FieldErrors();
        Instant instant = instant(at, day, time, zone, now, errors);
        boolean asKnownNow = known.equals("now");
        Instant knownAt = asKnownNow || !instant.isBefore(now) ? now : instant;
        model.addAttribute("role", name.value());
        model.addAttribute("scope", scope);
        model.addAttribute("zone", zone.getId());
        LocalDateTimeParts parts = LocalDateTimeParts.of(instant, zone);
        model.addAttribute("day", parts.day());
        model.addAttribute("time", parts.time());
        model.addAttribute("known", asKnownNow ? "now" : "then");
        model.addAttribute("errors", errors.asMap());
        // one page by keyset, with the counts over all holders: a large site's role has tens of thousands
        RoleHolders.Answer answer =
                holders.page(name, scope, instant, knownAt, after.isBlank() ? null : after.strip(), PAGE);
        model.addAttribute("answer", answer);
        model.addAttribute("after", after.isBlank() ? null : after.strip());
        model.addAttribute("at", instant);
        model.addAttribute("zoneId", zone);
        model.addAttribute("knownAtText", Sentence.of("format.as-is", new Sentence.AtSite(knownAt, zone)));
        model.addAttribute("atParam", instant.toString());
        model.addAttribute("knownAtParam", knownAt.toString());
        model.addAttribute("rows", rows(answer, site));
        return "role-holders";
    }

    /** Each holder with their basis, in the reader's words; reasons of overrides and deferrals quoted as recorded. */
    private static List<Map<String, Object>> rows(RoleHolders.Answer answer, SiteTime site) {
        // a page model for the template, not an answer
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RoleHolders.Holder h : answer.holders()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("employeeId", h.employeeId());
            r.put("name", h.name());
            r.put("status", h.status());
            r.put("why", h.why().name());
            r.put("whyLabel", h.why().label());
            r.put(
                    "inTargets",
                    h.inTargets().stream()
                            .map(t -> Sentence.of(
                                    "rh.held-in-target",
                                    t.target(),
                                    new Sentence.AtSite(t.heldFrom(), site.zone()),
                                    Sentence.of("rh.cause." + cause(t.cause()))))
                            .toList());
            EntitlementInterval j = h.justification();
            r.put("set", j == null ? null : j.set());
            r.put("inGrace", j != null && j.inGrace());
            r.put(
                    "evidence",
                    j == null
                            ? List.of()
                            : j.basis().stream().map(e -> evidence(e, site)).toList());
            r.put(
                    "override",
                    h.override() == null
                            ? null
                            : Sentence.of(
                                    "rh.override",
                                    h.override().grantedBy(),
                                    new Sentence.AtSite(h.override().effectiveEnd(), site.zone()),
                                    Sentence.Quoted.english(h.override().reason())));
            r.put(
                    "deferral",
                    h.deferral() == null
                            ? null
                            : Sentence.of(
                                    "rh.deferral",
                                    new Sentence.AtSite(h.deferral().until(), site.zone()),
                                    Sentence.Quoted.english(h.deferral().reason())));
            r.put("audit", h.auditEntries());
            rows.add(r);
        }
        return rows;
    }

    /** How a target came to hold the role, as a key's last part. */
    private static String cause(String cause) {
        return switch (cause) {
            case "granted" -> "granted";
            case "found" -> "found";
            default -> "before";
        };
    }

    /**
     * "PACK-SERIAL: record TR-1 (level 1), approved by TC-0042, completed 12 Nov 2026, valid through 9 Mar 2027, end
     * of day Europe/Zurich": the record's dates as the source gave them, in the site's calendar (decision 0029).
     */
    static Sentence evidence(EntitlementInterval.Evidence e, SiteTime site) {
        SiteTime.RecordDates dates =
                site.dates(e.completedAt(), e.completedOriginal(), e.expiresAt(), e.expiresOriginal());
        if (e.isInstrument()) {
            return Sentence.of("rh.evidence.instrument", e.instrument(), e.evidenceId(), TraceStories.validity(dates));
        }
        Sentence said = Sentence.of(
                e.approvedBy() == null ? "rh.evidence" : "rh.evidence.approved",
                e.code(),
                e.sourceRecordId(),
                e.level(),
                dates.completedOn(),
                TraceStories.validity(dates),
                e.approvedBy());
        return e.inGrace() ? Sentence.of("rh.evidence.grace", said) : said;
    }

    @PostMapping("/roles/{role}/inspection-pack")
    ResponseEntity<byte[]> pack(
            @PathVariable String role, @RequestParam String at, @RequestParam String knownAt, Authentication user) {
        RoleName name = roleOrNotFound(role);
        RoleHolders.Scope scope = holders.scope(name).orElseThrow(() -> notFound(role));
        Instant instant;
        Instant known;
        try {
            instant = Instant.parse(at);
            known = Instant.parse(knownAt);
        } catch (DateTimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "at and knownAt must be instants");
        }
        if (known.isAfter(clock.instant())) {
            known = clock.instant();
        }
        InspectionPack.Pack pack = packs.export(holders.at(name, scope, instant, known), "user:" + user.getName());
        return pack.download();
    }

    /**
     * The instant asked for: {@code at} (RFC 3339), else the site's day with an optional time of day there (without
     * one: the end of that day, or now for today, as a report reads it; decision 0029), else now. A day or time still
     * ahead is refused and the answer is for now.
     */
    private static Instant instant(String at, String day, String time, ZoneId zone, Instant now, FieldErrors errors) {
        if (!at.isBlank()) {
            try {
                return OffsetDateTime.parse(at.trim()).toInstant();
            } catch (DateTimeException e) {
                errors.reject("at", Sentence.of("rh.error.at"));
                return now;
            }
        }
        if (day.isBlank()) {
            return now;
        }
        try {
            SiteTime.PointInTime point = new SiteTime(zone)
                    .pointInTime(
                            LocalDate.parse(day.trim()), time.isBlank() ? null : LocalTime.parse(time.trim()), now);
            if (point.inFuture()) {
                errors.reject("day", Sentence.of("rh.error.ahead"));
                return now;
            }
            return point.at();
        } catch (DateTimeException e) {
            errors.reject("day", Sentence.of("as-of.error.format"));
            return now;
        }
    }

    /** The site's day and time of an instant, for the form. */
    record LocalDateTimeParts(String day, String time) {

        static LocalDateTimeParts of(Instant at, ZoneId zone) {
            var z = at.atZone(zone);
            return new LocalDateTimeParts(
                    z.toLocalDate().toString(),
                    z.toLocalTime().withSecond(0).withNano(0).toString());
        }
    }

    private static RoleName roleOrNotFound(String role) {
        try {
            return RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw notFound(role);
        }
    }

    private static ResponseStatusException notFound(String role) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no rule gives the role " + role);
    }
}
