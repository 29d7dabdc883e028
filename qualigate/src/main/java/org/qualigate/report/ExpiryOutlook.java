package org.qualigate.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.InstrumentStates;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.Entitlements;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.InstrumentCalibration;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RequirementOutcome;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.SiteInstruments;
import org.springframework.stereotype.Component;

/**
 * What lapses soon at a site: per line and role, the people whose role the rules stop justifying within 30, 60 and
 * 90 days unless a qualification is renewed or an instrument recalibrated, with what ends it (the first to expire in
 * the set that carries the role longest: a qualification, or an instrument whose calibration falls due) and when.
 * The rules are evaluated with the instruments' agreed calibration as it stands (decision 0083).
 */
@Component
public class ExpiryOutlook {

    /** The windows, in days from now: a lapse within the first counts there, and so on. */
    public static final List<Integer> WINDOWS = List.of(30, 60, 90);

    private static final int CHUNK = 2000;

    /**
     * One person whose role lapses: when, and what ends it — the qualification (code and name) whose expiry ends it,
     * or the instrument (asset number) whose calibration falls due, with its due date (date-only, at the site).
     */
    public record Lapse(
            String employeeId,
            String name,
            Instant lapsesAt,
            int window,
            @Nullable String code,
            @Nullable String codeName,
            @Nullable String instrument,
            @Nullable LocalDate calibrationDue) {}

    /** One role: how many lapse in each window (0–30, 31–60, 61–90 days), and who. */
    public record RoleOutlook(String role, List<Integer> counts, List<Lapse> people) {

        public int total() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One line (or, with a null line, the site's roles on no line) and its roles. */
    public record LineOutlook(Site.@Nullable Line line, List<RoleOutlook> roles) {}

    /** The outlook of a site from {@code at}. */
    public record Outlook(String site, Instant at, List<Integer> windows, List<LineOutlook> lines) {}

    private final Persons persons;
    private final Qualifications qualifications;
    private final PlantDefinition plant;
    private final Clock clock;
    private final InstrumentStates instruments;
    private final AccessPolicy policy = new AccessPolicy();

    ExpiryOutlook(
            Persons persons,
            Qualifications qualifications,
            PlantDefinition plant,
            Clock clock,
            InstrumentStates instruments) {
        this.persons = persons;
        this.qualifications = qualifications;
        this.plant = plant;
        this.clock = clock;
        this.instruments = instruments;
    }

    /** The outlook of the site now; empty when the plant has no such site. */
    public Optional<Outlook> of(String siteCode) {
        Plant p = plant.current();
        Optional<Site> site = p.site(siteCode);
        if (site.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<AccessRule> rules = p.rules().forSite(siteCode);
        Map<String, List<Lapse>> byRole = new LinkedHashMap<>();
        rules.forEach(r -> byRole.put(r.roleAt(siteCode).value(), new ArrayList<>()));
        List<Person> atSite = activeAt(siteCode);
        Instant last = now.plus(Duration.ofDays(WINDOWS.getLast()));
        SiteInstruments calibrated = instruments.atSite(p, siteCode);
        for (int from = 0; from < atSite.size(); from += CHUNK) {
            List<Person> chunk = atSite.subList(from, Math.min(from + CHUNK, atSite.size()));
            Map<EmployeeId, List<Qualification>> quals =
                    qualifications.of(chunk.stream().map(Person::employeeId).toList());
            for (Person person : chunk) {
                List<HeldQualification> held = quals.getOrDefault(person.employeeId(), List.of()).stream()
                        .map(Qualification::held)
                        .toList();
                Entitlements e = policy.evaluate(p.rules(), siteCode, held, calibrated, now);
                for (RoleDecision d : e.decisions()) {
                    Instant until = d.justifiedUntil();
                    if (!d.justified()
                            || until == null
                            || until.isAfter(last)
                            || !byRole.containsKey(d.role().value())) {
                        continue;
                    }
                    byRole.get(d.role().value())
                            .add(lapse(
                                    person.employeeId().value(),
                                    person.displayName(),
                                    d,
                                    now,
                                    p.dictionary().names(),
                                    calibrated));
                }
            }
        }
        return Optional.of(new Outlook(siteCode, now, WINDOWS, lines(site.get(), rules, byRole)));
    }

    /** The site's active people, by employee id. */
    private List<Person> activeAt(String siteCode) {
        return persons.all().stream()
                .filter(x -> x.site().equals(siteCode) && x.status() == Person.Status.ACTIVE)
                .sorted(Comparator.comparing(x -> x.employeeId().value()))
                .toList();
    }

    /**
     * The person's lapse of the role the decision justifies (until its {@code justifiedUntil}, at most the last
     * window's end): its window and what ends it — the first to expire in the set that carries the role longest; an
     * instrument is named by its asset number with its due date, a qualification by its code and name.
     */
    static Lapse lapse(
            String employeeId,
            String name,
            RoleDecision d,
            Instant now,
            Map<QualificationCode, String> names,
            SiteInstruments calibrated) {
        Instant until = Objects.requireNonNull(d.justifiedUntil(), "a lapse needs the instant the role ends");
        long days = Math.max(0, Duration.between(now, until).toHours() / 24);
        int window = 0;
        while (window < WINDOWS.size() - 1 && days >= WINDOWS.get(window)) {
            window++;
        }
        Optional<RequirementOutcome> ending = d.basis()
                .flatMap(set -> set.requirements().stream()
                        .filter(r -> r.evidence() != null && r.evidence().expiresAt() != null)
                        .min(Comparator.comparing(r -> r.evidence().expiresAt())));
        Optional<String> instrument = ending.flatMap(r -> r.requirement().instrument());
        if (instrument.isPresent()) {
            // an instrument is no qualification to renew: it is named by its asset number, with its due date
            InstrumentCalibration state = calibrated.byInstrument().get(instrument.get());
            return new Lapse(
                    employeeId,
                    name,
                    until,
                    window,
                    null,
                    null,
                    instrument.get(),
                    state == null ? null : state.dueDate());
        }
        Optional<QualificationCode> code = ending.map(r -> r.requirement().code());
        return new Lapse(
                employeeId,
                name,
                until,
                window,
                code.map(QualificationCode::value).orElse(null),
                code.map(c -> names.getOrDefault(c, c.value())).orElse(null),
                null,
                null);
    }

    /** The roles' outlooks by the site's lines, in the site's order; roles on no line of the site come last. */
    private static List<LineOutlook> lines(Site site, List<AccessRule> rules, Map<String, List<Lapse>> byRole) {
        Map<String, List<RoleOutlook>> byLine = new LinkedHashMap<>();
        site.lines().forEach(l -> byLine.put(l, new ArrayList<>()));
        List<RoleOutlook> noLine = new ArrayList<>();
        for (AccessRule rule : rules) {
            String role = rule.roleAt(site.code()).value();
            RoleOutlook outlook = roleOutlook(role, byRole.get(role));
            if (rule.line() != null && byLine.containsKey(rule.line())) {
                byLine.get(rule.line()).add(outlook);
            } else {
                noLine.add(outlook);
            }
        }
        List<LineOutlook> lines = new ArrayList<>();
        byLine.forEach((code, roles) -> {
            if (!roles.isEmpty()) {
                lines.add(new LineOutlook(site.line(code).orElse(new Site.Line(code, code, null)), roles));
            }
        });
        if (!noLine.isEmpty()) {
            lines.add(new LineOutlook(null, noLine));
        }
        return lines;
    }

    /** A role's people by when they lapse, and how many in each window. */
    private static RoleOutlook roleOutlook(String role, List<Lapse> people) {
        people.sort(Comparator.comparing(Lapse::lapsesAt).thenComparing(Lapse::employeeId));
        List<Integer> counts = new ArrayList<>();
        for (int w = 0; w < WINDOWS.size(); w++) {
            int window = w;
            counts.add((int) people.stream().filter(x -> x.window() == window).count());
        }
        return new RoleOutlook(role, counts, people);
    }
}
