package org.qualigate.staffing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.qualigate.access.AccessOverride;
import org.qualigate.access.AccessSettings;
import org.qualigate.access.Deferral;
import org.qualigate.access.Deferrals;
import org.qualigate.access.InstrumentStates;
import org.qualigate.access.Overrides;
import org.qualigate.access.Plant;
import org.qualigate.access.PlantDefinition;
import org.qualigate.access.Site;
import org.qualigate.access.StaffingMinimum;
import org.qualigate.access.Suspensions;
import org.qualigate.connector.ShiftSchedule;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.RoleName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads what the staffing forecast needs — the rosters of each staffed line from the scheduling system, the rostered
 * people's qualifications, the overrides and deferrals in force and the suspended roles, the rules in force — and
 * asks the pure {@link StaffingForecast} for the answer.
 */
@Service
public class StaffingForecasts {

    /** The days a forecast covers unless asked otherwise, and the most it may cover. */
    public static final int DEFAULT_DAYS = 30;

    public static final int MAX_DAYS = 92;

    private final PlantDefinition plant;
    private final ShiftSchedule schedule;
    private final Persons persons;
    private final Qualifications qualifications;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final Suspensions suspensions;
    private final AccessSettings settings;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final StaffingForecast forecast = new StaffingForecast();
    private final InstrumentStates instruments;

    StaffingForecasts(
            PlantDefinition plant,
            ShiftSchedule schedule,
            Persons persons,
            Qualifications qualifications,
            Overrides overrides,
            Deferrals deferrals,
            Suspensions suspensions,
            AccessSettings settings,
            JdbcClient jdbc,
            Clock clock,
            InstrumentStates instruments) {
        this.instruments = instruments;
        this.plant = plant;
        this.schedule = schedule;
        this.persons = persons;
        this.qualifications = qualifications;
        this.overrides = overrides;
        this.deferrals = deferrals;
        this.suspensions = suspensions;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether a scheduling system is configured (without one there is no roster to forecast). */
    public boolean rostersAvailable() {
        return schedule.configured();
    }

    /** The sites that have staffing minimums, by code. */
    public List<Site> staffedSites() {
        Plant p = plant.current();
        return p.sites().values().stream()
                .filter(s -> !p.staffingAt(s.code()).isEmpty())
                .sorted(java.util.Comparator.comparing(Site::code))
                .toList();
    }

    /**
     * The forecast of the site for the next {@code days} days from now. Throws {@code TargetException} when the
     * scheduling system cannot be read.
     */
    public Forecast forecast(String siteCode, int days) {
        plant.refresh(jdbc);
        Plant p = plant.current();
        Site site = p.site(siteCode).orElseThrow(() -> new IllegalArgumentException("no site " + siteCode));
        Instant now = clock.instant();
        List<StaffingMinimum> minimums = p.staffingAt(siteCode);
        // yesterday's overnight shift may still run; the last day's shifts start before the end of the horizon
        LocalDate from = now.atZone(site.zone()).toLocalDate().minusDays(1);
        LocalDate to =
                now.plus(java.time.Duration.ofDays(days)).atZone(site.zone()).toLocalDate();
        List<ShiftSchedule.RosteredShift> roster = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Set<String> lines = new LinkedHashSet<>();
        minimums.forEach(m -> lines.add(m.line()));
        for (String line : lines) {
            ShiftSchedule.Roster read = schedule.roster(siteCode, line, from, to);
            roster.addAll(read.shifts());
            unreadable.addAll(read.unreadable());
        }
        Set<EmployeeId> rostered = new LinkedHashSet<>();
        roster.forEach(r -> rostered.add(r.employeeId()));
        Map<EmployeeId, StaffingForecast.Candidate> people = candidates(rostered, now);
        return forecast.forecast(
                new StaffingForecast.Inputs(
                        siteCode,
                        p.rules(),
                        minimums,
                        roster,
                        unreadable,
                        people,
                        schedule.configured(),
                        settings.maxDeferral(),
                        instruments.atSite(p, siteCode)),
                now,
                days);
    }

    /** The rostered people the ledger knows, with their qualifications, grants and suspended roles. */
    private Map<EmployeeId, StaffingForecast.Candidate> candidates(Set<EmployeeId> rostered, Instant now) {
        Map<EmployeeId, List<Qualification>> quals = qualifications.of(rostered);
        Map<EmployeeId, Set<RoleName>> suspended = suspensions.suspendedRoles(rostered);
        Map<EmployeeId, List<StaffingForecast.Grant>> grants = grants(rostered, now);
        Map<EmployeeId, StaffingForecast.Candidate> people = new HashMap<>();
        for (EmployeeId id : rostered) {
            Optional<Person> person = persons.find(id);
            if (person.isEmpty()) {
                continue;
            }
            Person x = person.get();
            people.put(
                    id,
                    new StaffingForecast.Candidate(
                            id,
                            x.displayName(),
                            x.site(),
                            x.status() == Person.Status.ACTIVE,
                            quals.getOrDefault(id, List.of()).stream()
                                    .map(Qualification::held)
                                    .toList(),
                            grants.getOrDefault(id, List.of()),
                            suspended.getOrDefault(id, Set.of())));
        }
        return people;
    }

    /** What holds a role for the rostered people besides the rules: overrides, and deferrals in force now. */
    private Map<EmployeeId, List<StaffingForecast.Grant>> grants(Set<EmployeeId> rostered, Instant now) {
        Map<EmployeeId, List<StaffingForecast.Grant>> grants = new HashMap<>();
        for (AccessOverride o : overrides.list(true)) {
            if (rostered.contains(o.employeeId())) {
                grants.computeIfAbsent(o.employeeId(), k -> new ArrayList<>())
                        .add(new StaffingForecast.Grant(
                                o.role(), Forecast.How.OVERRIDE, o.startsAt(), o.effectiveEnd()));
            }
        }
        for (Deferral d : deferrals.list(true, null)) {
            if (rostered.contains(d.employeeId()) && d.inForceAt(now)) {
                grants.computeIfAbsent(d.employeeId(), k -> new ArrayList<>())
                        .add(new StaffingForecast.Grant(d.role(), Forecast.How.DEFERRAL, d.since(), d.until()));
            }
        }
        return grants;
    }
}
