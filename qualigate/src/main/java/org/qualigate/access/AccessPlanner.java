package org.qualigate.access;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.ledger.Qualification;
import org.qualigate.ledger.Qualifications;
import org.qualigate.policy.AccessPolicy;
import org.qualigate.policy.Entitlements;
import org.qualigate.policy.HeldQualification;
import org.qualigate.policy.RoleDecision;
import org.qualigate.policy.RoleName;
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
            Suspensions suspensions) {
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
        List<Qualification> quals = qualifications.of(person.employeeId());
        Entitlements e = policy.evaluate(
                plant.current().rules(),
                person.site(),
                quals.stream().map(Qualification::held).toList(),
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
            Entitlements e = policy.evaluate(
                    plant.inForceAt(jdbc, knownAt).rules(),
                    person.site(),
                    quals.stream().map(Qualification::held).toList(),
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
        plant.refresh(jdbc);
        Instant now = clock.instant();
        overrides.expireDue(employeeId, now);
        plan(employeeId, persons.find(employeeId), why, now);
    }

    /**
     * {@link #personChanged(EmployeeId, String)} for a person the caller read in this transaction (intake reads
     * a group's persons at once), so they are not read again. Runs in the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void personChanged(Person person, String why) {
        plant.refresh(jdbc);
        Instant now = clock.instant();
        overrides.expireDue(person.employeeId(), now);
        plan(person.employeeId(), Optional.of(person), why, now);
    }

    private void plan(EmployeeId employeeId, Optional<Person> found, String why, Instant now) {
        if (found.isEmpty()) {
            delivery.request(employeeId, now);
            return;
        }
        PersonAccess access = access(found.get(), now);
        // the projection of what the rules justify follows the decision, in its transaction (a suspension by an
        // access review is not the rules' answer: it keeps the role from the targets, not from the projection)
        projection.update(found.get(), plant.current());
        Set<RoleName> desired = new TreeSet<>(access.desiredRoles());
        desired.removeAll(suspensions.suspendedRoles(employeeId));
        delivery.requestIfChanged(employeeId, desired);
        // A persisted timer at the next instant the answer can change (an expiry, the end of a grace
        // period, a future completion) and at the next expiry warning; when one fires, the person is
        // planned again and the next one is registered.
        access.entitlements().changePoints().stream()
                .filter(at -> at.isAfter(now))
                .min(Instant::compareTo)
                .ifPresent(at -> registerTimer(employeeId, at, why));
        notices.warningInstants(access, now).stream()
                .min(Instant::compareTo)
                .ifPresent(at -> registerTimer(employeeId, at, "expiry notice"));
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

    void registerTimer(EmployeeId employeeId, Instant fireAt, String reason) {
        insertTimer(jdbc, clock, employeeId, fireAt, reason);
    }

    /** Registers a persisted timer that plans the person again at the instant (idempotent per instant). */
    static void insertTimer(JdbcClient jdbc, Clock clock, EmployeeId employeeId, Instant fireAt, String reason) {
        jdbc.sql("INSERT INTO access_timer (employee_id, fire_at, reason, created_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (employee_id, fire_at) DO NOTHING")
                .params(employeeId.value(), Timestamp.from(fireAt), reason, Timestamp.from(clock.instant()))
                .update();
    }
}
