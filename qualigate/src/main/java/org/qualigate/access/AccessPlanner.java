package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.qualigate.access.internal.AccessTimers;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.EntitlementTimeline;
import org.qualigate.policy.Entitlements;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
import org.qualigate.policy.SiteInstruments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans a person's access: evaluates the rules over their qualifications, registers a persisted timer
 * for the next instant the answer can change, and asks delivery to bring the targets up to date.
 */
@Service
public class AccessPlanner {

    private final Persons persons;
    private final Qualifications qualifications;
    private final PlantDefinition plant;
    private final DeliveryRequests delivery;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Notices notices;
    private final Overrides overrides;
    private final Deferrals deferrals;
    private final EntitlementProjection projection;
    private final Suspensions suspensions;
    private final AccessPolicy policy = new AccessPolicy();
    private final InstrumentStates instruments;

    public AccessPlanner(
            Persons persons,
            Qualifications qualifications,
            PlantDefinition plant,
            DeliveryRequests delivery,
            JdbcClient jdbc,
            Clock clock,
            Notices notices,
            Overrides overrides,
            Deferrals deferrals,
            EntitlementProjection projection,
            Suspensions suspensions,
            InstrumentStates instruments) {
        this.instruments = instruments;
        this.notices = notices;
        this.projection = projection;
        this.suspensions = suspensions;
        this.persons = persons;
        this.qualifications = qualifications;
        this.plant = plant;
        this.delivery = delivery;
        this.jdbc = jdbc;
        this.clock = clock;
        this.overrides = overrides;
        this.deferrals = deferrals;
    }

    /**
     * What the target should hold for the person now: the roles the rules justify, ∪ the roles of overrides
     * in force, ∪ the roles whose revocation is deferred right now — each with why — less the roles an access
     * review suspended. {@code held} are the
     * roles the target holds that Qualigate granted; of those, any about to go is checked against the
     * person's shift and work orders, and its deferral recorded. Grants are never deferred.
     */
    public DesiredAccess desired(
            EmployeeId employeeId, String target, Predicate<RoleName> manages, Set<RoleName> held, Instant now) {
        // Another instance may have put approved rules in force a moment ago: deliver under those.
        plant.refresh(jdbc);
        Optional<PersonAccess> access = access(employeeId, now);
        // a role an access review suspended is held by nobody's rules or override until QA lifts it (decision 0036)
        Map<RoleName, Suspensions.Suspension> suspended = new TreeMap<>();
        suspensions.activeFor(employeeId).forEach(s -> suspended.put(s.role(), s));
        SortedMap<RoleName, DesiredAccess.DesiredRole> roles = new TreeMap<>();
        access.ifPresent(a -> a.desiredRoles().stream()
                .filter(manages)
                .filter(r -> !suspended.containsKey(r))
                .forEach(r -> roles.put(r, DesiredAccess.DesiredRole.byRules(r))));
        if (access.isPresent() && access.get().active()) {
            for (AccessOverride o : overrides.inForceAt(employeeId, now)) {
                if (o.appliesTo(target) && manages.test(o.role()) && !suspended.containsKey(o.role())) {
                    roles.putIfAbsent(o.role(), DesiredAccess.DesiredRole.byOverride(o));
                }
            }
        }
        Set<RoleName> leaving = new TreeSet<>(held);
        leaving.removeAll(roles.keySet());
        Deferrals.Outcome outcome = deferrals.decide(employeeId, target, leaving, now);
        outcome.kept().forEach((role, d) -> roles.put(role, DesiredAccess.DesiredRole.byDeferral(d)));
        return new DesiredAccess(access.orElse(null), roles, outcome.released(), suspended);
    }

    /** The person's entitlements at the instant; a terminated person is entitled to nothing. */
    public Optional<PersonAccess> access(EmployeeId employeeId, Instant at) {
        return persons.find(employeeId).map(p -> access(p, at));
    }

    public PersonAccess access(Person person, Instant at) {
        return access(person, qualifications.of(person.employeeId()), at);
    }

    private PersonAccess access(Person person, List<Qualification> quals, Instant at) {
        Entitlements e = policy.evaluate(
                plant.current().rules(),
                person.site(),
                quals.stream().map(Qualification::held).toList(),
                instruments.atSite(plant.current(), person.site()),
                at);
        return new PersonAccess(person, quals, e, person.status() == Person.Status.ACTIVE);
    }

    /**
     * The roles the person would gain at {@code at} were these qualifications added to theirs (what approving a
     * mapping would give them): justified with them and not without. Pure evaluation; nothing is written.
     */
    public SortedSet<RoleName> gainedWith(EmployeeId employeeId, List<HeldQualification> extra, Instant at) {
        Optional<Person> person = persons.find(employeeId);
        if (person.isEmpty() || person.get().status() != Person.Status.ACTIVE) {
            return new TreeSet<>();
        }
        List<HeldQualification> held = new java.util.ArrayList<>(
                qualifications.of(employeeId).stream().map(Qualification::held).toList());
        SortedSet<RoleName> before = policy.evaluate(
                        plant.current().rules(), person.get().site(), held, at)
                .justifiedRoles();
        held.addAll(extra);
        SortedSet<RoleName> after = new TreeSet<>(
                policy.evaluate(plant.current().rules(), person.get().site(), held, at)
                        .justifiedRoles());
        after.removeAll(before);
        return after;
    }

    /** Why the person had or lacked the role at the instant. */
    /**
     * The person's entitlements at {@code at} as Qualigate knew them at {@code knownAt}: the qualification
     * versions recorded by then, under the rules in force then.
     */
    public Optional<PersonAccess> accessAsKnownAt(EmployeeId employeeId, Instant at, Instant knownAt) {
        return persons.find(employeeId).map(person -> {
            List<Qualification> quals = qualifications.asKnownAt(employeeId, knownAt);
            Plant rules = plant.inForceAt(jdbc, knownAt);
            Entitlements e = policy.evaluate(
                    rules.rules(),
                    person.site(),
                    quals.stream().map(Qualification::held).toList(),
                    instruments.knownAt(rules, person.site(), knownAt),
                    at);
            return new PersonAccess(person, quals, e, person.status() == Person.Status.ACTIVE);
        });
    }

    /** Why the person had or lacked the role at {@code at}, as Qualigate knew it at {@code knownAt}. */
    public Optional<Explanation> explain(EmployeeId employeeId, RoleName role, Instant at, Instant knownAt) {
        return persons.find(employeeId).map(person -> {
            List<Qualification> quals = qualifications.asKnownAt(employeeId, knownAt);
            Plant rules = plant.inForceAt(jdbc, knownAt);
            RoleDecision d = policy.explain(
                    rules.rules(),
                    person.site(),
                    role,
                    quals.stream().map(Qualification::held).toList(),
                    instruments.knownAt(rules, person.site(), knownAt),
                    at);
            return new Explanation(person, quals, d, person.status() == Person.Status.ACTIVE, rules.version());
        });
    }

    public Optional<Explanation> explain(EmployeeId employeeId, RoleName role, Instant at) {
        return persons.find(employeeId).map(person -> {
            List<Qualification> quals = qualifications.of(person.employeeId());
            RoleDecision d = policy.explain(
                    plant.current().rules(),
                    person.site(),
                    role,
                    quals.stream().map(Qualification::held).toList(),
                    instruments.atSite(plant.current(), person.site()),
                    at);
            return new Explanation(
                    person,
                    quals,
                    d,
                    person.status() == Person.Status.ACTIVE,
                    plant.current().version());
        });
    }

    /**
     * Something about the person changed: register the timer for the next change of their access and
     * request delivery now. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personChanged(EmployeeId employeeId, String why) {
        personsChanged(new TreeMap<>(Map.of(employeeId, why)), Map.of());
    }

    /**
     * {@link #personChanged(EmployeeId, String)} for a person the caller read in this transaction, so they are
     * not read again. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personChanged(Person person, String why) {
        personsChanged(new TreeMap<>(Map.of(person.employeeId(), why)), Map.of(person.employeeId(), person));
    }

    /**
     * {@link #personChanged(EmployeeId, String)} for a group of persons at once (the persons of a group of intake
     * events, each planned once after all of the group's events were applied): their overrides, qualifications,
     * suspensions and work items are each read in one statement for the whole group, the rules evaluated for each
     * person in memory, and their timers and delivery requests written in one statement each. {@code why} gives
     * each person's reason; {@code read} the persons the caller already read (the others are read here). Persons
     * are planned in the order of their IDs, as every planner locks them. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personsChanged(SortedMap<EmployeeId, String> why, Map<EmployeeId, Person> read) {
        if (why.isEmpty()) {
            return;
        }
        plant.refresh(jdbc);
        Instant now = clock.instant();
        List<EmployeeId> ids = List.copyOf(why.keySet());
        overrides.expireDue(ids, now);
        Map<EmployeeId, Person> found = new HashMap<>(read);
        List<EmployeeId> unread =
                ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!unread.isEmpty()) {
            found.putAll(persons.find(unread));
        }
        List<EmployeeId> present = ids.stream().filter(found::containsKey).toList();
        // the projection's locks first: the records read next then include what another transaction planning the
        // same persons committed meanwhile
        projection.lock(present);
        // the group's records and when their versions were recorded, in one statement: the projection's update below
        // takes its knowledge instants from the same read (decision 0110)
        Qualifications.Group ledger =
                present.isEmpty() ? new Qualifications.Group(Map.of(), Map.of()) : qualifications.group(present);
        Map<EmployeeId, List<Qualification>> quals = ledger.records();
        Map<EmployeeId, Set<RoleName>> suspended = suspensions.suspendedRoles(present);
        Map<EmployeeId, Set<RoleName>> desired = new LinkedHashMap<>();
        Map<EmployeeId, EntitlementTimeline> timelines = new HashMap<>();
        AccessTimers.NewTimers timers = new AccessTimers.NewTimers();
        Plant rules = plant.current();
        for (EmployeeId id : ids) {
            Person person = found.get(id);
            if (person == null) {
                delivery.request(id, now);
                continue;
            }
            // the rules evaluated once per person: the decision now, the timers, the warnings and the projection's
            // rows are all read from this one timeline (EntitlementTimeline answers at any instant as evaluate does)
            List<Qualification> held = quals.getOrDefault(id, List.of());
            List<HeldQualification> records =
                    held.stream().map(Qualification::held).toList();
            SiteInstruments site = instruments.atSite(rules, person.site());
            EntitlementTimeline timeline = policy.timelineOf(rules.rules(), person.site(), records, site);
            // the projection's rows come from the same timeline, instruments included (decision 0077)
            timelines.put(id, timeline);
            PlannedAccess access = new PlannedAccess(person, held, timeline);
            Set<RoleName> roles = access.active() ? new TreeSet<>(timeline.justifiedRoles(now)) : new TreeSet<>();
            roles.removeAll(suspended.getOrDefault(id, Set.of()));
            desired.put(id, roles);
            plan(access, why.get(id), now, timers);
        }
        // the projection of what the rules justify follows the decision, in its transaction (a suspension by an
        // access review is not the rules' answer: it keeps the role from the targets, not from the projection)
        projection.update(present.stream().map(found::get).toList(), rules, ledger, timelines);
        delivery.requestIfChanged(desired);
        timers.register(jdbc, clock);
    }

    /**
     * The person's timers at the next instant the answer can change (an expiry, the end of a grace period, a
     * future completion) and at the next expiry warning: when one fires, the person is planned again and the
     * next one is registered. Warnings now due are queued.
     */
    private void plan(PlannedAccess access, String why, Instant now, AccessTimers.NewTimers timers) {
        EmployeeId employeeId = access.person().employeeId();
        access.timeline().nextChangeAfter(now).ifPresent(at -> timers.add(employeeId, at, why));
        notices.warningInstants(access, now).stream()
                .min(Instant::compareTo)
                .ifPresent(at -> timers.add(employeeId, at, "expiry notice"));
        notices.queueDueWarnings(access, now);
    }

    /**
     * The person moved to another site: their entitlements are worked out again there, over their whole history,
     * and they are planned again. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personMoved(EmployeeId employeeId, String why) {
        persons.find(employeeId).ifPresent(projection::personMoved);
        personChanged(employeeId, why);
    }

    /** Asks again for everyone whose roles wait for a target account; returns how many. */
    public int retryWaitingForAccounts() {
        return delivery.requestWaiting();
    }

    /** Registers a persisted timer that plans the person again at the instant (idempotent per instant). */
    static void insertTimer(JdbcClient jdbc, Clock clock, EmployeeId employeeId, Instant fireAt, String reason) {
        jdbc.sql("INSERT INTO access_timer (employee_id, fire_at, reason, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (employee_id, fire_at) DO NOTHING")
                .params(employeeId.value(), Timestamp.from(fireAt), reason, Timestamp.from(clock.instant()))
                .update();
    }
}
