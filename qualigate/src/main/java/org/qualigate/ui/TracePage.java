package org.qualigate.ui;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessPlanner;
import org.qualigate.access.Explanation;
import org.qualigate.access.Overrides;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.SiteTime;
import org.qualigate.audit.AuditEntry;
import org.qualigate.audit.AuditTrail;
import org.qualigate.change.ChangeSets;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.RoleName;
import org.qualigate.report.RecordSignatures;
import org.qualigate.signature.Meaning;
import org.qualigate.text.Sentence;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The traceability of one role of one person: each grant and revocation told as a sentence an inspector can read,
 * from the audit trail, in the reader's language (decision 0047), beside why the rules justify (or do not justify)
 * the role now, and the signatures of the change sets it depends on.
 */
@Controller
class TracePage {

    private final AccessPlanner planner;
    private final Overrides overrides;
    private final AuditTrail audit;
    private final Clock clock;
    private final PlantDefinition plant;
    private final ChangeSets changeSets;
    private final RecordSignatures signatures;
    private final PersonAsOf asOf;

    TracePage(
            AccessPlanner planner,
            Overrides overrides,
            AuditTrail audit,
            Clock clock,
            PlantDefinition plant,
            ChangeSets changeSets,
            RecordSignatures signatures,
            PersonAsOf asOf) {
        this.planner = planner;
        this.overrides = overrides;
        this.audit = audit;
        this.clock = clock;
        this.plant = plant;
        this.changeSets = changeSets;
        this.signatures = signatures;
        this.asOf = asOf;
    }

    @GetMapping("/people/{employeeId}/roles/{role}")
    String trace(
            @PathVariable String employeeId,
            @PathVariable String role,
            @RequestParam(name = "asOf", defaultValue = "") String asOfText,
            @RequestParam(defaultValue = "") String day,
            @RequestParam(defaultValue = "") String time,
            Model model) {
        EmployeeId id = PeoplePages.idOrNotFound(employeeId);
        RoleName roleName = roleOrNotFound(role);
        Instant real = clock.instant();
        Optional<Instant> then = asOf.read(id, asOfText, day, time, real, model);
        Instant now = then.orElse(real);
        Explanation x = (then.isPresent()
                        ? planner.explain(id, roleName, now, now)
                        : planner.explain(id, roleName, now))
                .orElseThrow(() -> PeoplePages.notFound(employeeId));
        SiteTime site = SiteTime.of(plant.current(), x.person().site());
        model.addAttribute("person", x.person());
        model.addAttribute("role", roleName.value());
        model.addAttribute("held", x.decision().justified() && x.active());
        model.addAttribute(
                "summary", TraceSummary.of(x.decision(), x.active(), x.person().status(), site.zone()));
        rules(x, site, model);
        Map<String, Mapped> mapped = mappings(x.qualifications());
        Map<String, Sentence> counted = new LinkedHashMap<>();
        mapped.forEach((code, m) -> counted.put(code, m.sentence()));
        List<TraceStories.Story> stories = new ArrayList<>();
        List<Sentence> approvals = new ArrayList<>();
        for (AuditEntry e : audit.ofRole(id.value(), roleName.value(), false)) {
            // as of an instant, the story up to then
            if (!e.occurredAt().isAfter(now) && e.entityType().equals("assignment")) {
                TraceStories.Story story = TraceStories.story(
                        x.person(),
                        roleName,
                        e,
                        x.qualifications(),
                        site,
                        counted,
                        plant.current().dictionary());
                stories.add(story);
                story.cited().stream()
                        .map(mapped::get)
                        .filter(java.util.Objects::nonNull)
                        .flatMap(m -> m.signatures().stream())
                        .filter(line -> !approvals.contains(line))
                        .forEach(approvals::add);
            }
        }
        model.addAttribute("stories", stories);
        model.addAttribute("approvals", approvals);
        List<AccessOverride> inForce = overrides.inForceAt(id, now).stream()
                .filter(o -> o.role().equals(roleName))
                .toList();
        model.addAttribute("overrides", PeoplePages.overrides(inForce, site));
        return "trace";
    }

    private static RoleName roleOrNotFound(String role) {
        try {
            return RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no role " + role);
        }
    }

    /** What the rules require: each set, each requirement's shortfall in words, each record's dates at the site. */
    private static void rules(Explanation x, SiteTime site, Model model) {
        model.addAttribute("sets", x.decision().sets());
        Map<Object, Sentence> shortfalls = new java.util.HashMap<>();
        x.decision()
                .sets()
                .forEach(set -> set.requirements().stream()
                        .filter(r -> !r.met())
                        .forEach(r -> shortfalls.put(r, TraceSummary.shortfall(r, site.zone()))));
        // an instrument's evidence is its calibration cycle, said with the explanation's words (decision 0099)
        Map<Object, Sentence> instruments = new java.util.HashMap<>();
        x.decision()
                .sets()
                .forEach(set -> set.requirements()
                        .forEach(r -> r.requirement()
                                .instrument()
                                .ifPresent(i -> instruments.put(r, TraceInstruments.said(i, r.shortfall())))));
        model.addAttribute("instruments", instruments);
        model.addAttribute("shortfalls", shortfalls);
        model.addAttribute("rulesVersion", x.rulesVersion());
        // each record's completion and validity beside its evidence id, in the site's calendar
        Map<String, SiteTime.RecordDates> recordDates = new LinkedHashMap<>();
        for (Qualification q : x.qualifications()) {
            recordDates.put(q.evidence().evidenceId(), site.dates(q));
        }
        model.addAttribute("recordDates", recordDates);
        model.addAttribute("zone", site.zone().getId());
        model.addAttribute("site", site);
    }

    /** How a mapping approved under change control makes a certification count, and its signatures. */
    private record Mapped(Sentence sentence, List<Sentence> signatures) {}

    /** For each certification that counts only through a mapping approved under change control: who approved it. */
    private Map<String, Mapped> mappings(List<Qualification> known) {
        Map<String, Mapped> mapped = new LinkedHashMap<>();
        for (Qualification q : known) {
            String code = q.code().value();
            var mapping = changeSets.approvedMapping(q.evidence().sourceCode(), code);
            if (mapping.isEmpty() || mapped.containsKey(code)) {
                continue;
            }
            List<RecordSignatures.Signed> signed =
                    signatures.ofChangeSet(mapping.get().id());
            String approvedBy = signed.stream()
                    .filter(sg -> sg.signature().meaning() == Meaning.APPROVED)
                    .map(sg -> sg.signature().printedName())
                    .findFirst()
                    .orElse(mapping.get().decidedBy());
            mapped.put(
                    code,
                    new Mapped(
                            TraceStories.mapped(
                                    q.evidence().sourceCode(),
                                    code,
                                    mapping.get().id(),
                                    approvedBy),
                            signed.stream().map(TracePage::signature).toList()));
        }
        return mapped;
    }

    /**
     * "Change set 12 “title”: approved by Quinn Approver (qa-approver), 26 Nov 2026, 15:05 Europe/Zurich (14:05
     * UTC)": the signature's manifestation in the reader's words, its title and reason quoted as recorded.
     */
    static Sentence signature(RecordSignatures.Signed s) {
        var sig = s.signature();
        Object[] args = {
            s.changeSet(),
            Sentence.Quoted.english(s.title()),
            Sentence.of("sign.meaning." + sig.meaning().name()),
            sig.printedName(),
            sig.signerUsername(),
            new Sentence.AtSite(sig.signedAt(), sig.signerZone()),
            Sentence.Quoted.english(sig.reason())
        };
        return new Sentence(
                sig.reason() == null || sig.reason().isBlank() ? "trace.signature" : "trace.signature.reason",
                java.util.Arrays.asList(args));
    }
}
