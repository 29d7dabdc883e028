package org.qualigate.access;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
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
import org.qualigate.policy.SiteInstruments;
import org.springframework.stereotype.Service;

/**
 * What a proposed plant definition would change, without applying it: for every person, the roles
 * they would gain or lose now, and the roles whose end would move, under the proposed rules compared
 * with the rules in force.
 */
@Service
public class ImpactPreview {

    private final Persons persons;
    private final Qualifications qualifications;
    private final PlantDefinition plant;
    private final Clock clock;
    private final InstrumentStates instruments;
    private final AccessPolicy policy = new AccessPolicy();

    public ImpactPreview(
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

    /**
     * The effect of the proposed definition now. Both sides are evaluated with the instruments' agreed states as they
     * stand (decision 0083): of each site, those the rules of that side name, so a rule naming a calibrated
     * instrument costs nobody the role, and one naming an instrument out of calibration shows who would lose it.
     */
    public Impact preview(Plant proposed) {
        Instant now = clock.instant();
        Plant current = plant.current();
        Map<EmployeeId, List<Qualification>> all = qualifications.all();
        Map<String, SiteInstruments> currentStates = new HashMap<>();
        Map<String, SiteInstruments> proposedStates = new HashMap<>();
        List<Change> changes = new ArrayList<>();
        int people = 0;
        for (Person person : persons.all()) {
            if (person.status() != Person.Status.ACTIVE) {
                continue;
            }
            people++;
            List<HeldQualification> held = all.getOrDefault(person.employeeId(), List.of()).stream()
                    .map(Qualification::held)
                    .toList();
            String site = person.site();
            Entitlements before = policy.evaluate(
                    current.rules(),
                    site,
                    held,
                    currentStates.computeIfAbsent(site, s -> instruments.atSite(current, s)),
                    now);
            Entitlements after = policy.evaluate(
                    proposed.rules(),
                    site,
                    held,
                    proposedStates.computeIfAbsent(site, s -> instruments.atSite(proposed, s)),
                    now);
            changes.addAll(changes(person, before, after, now));
        }
        return new Impact(now, current.version(), proposed.version(), people, changes);
    }

    /** How each role the person holds before or after the change would change for them. */
    private static List<Change> changes(Person person, Entitlements before, Entitlements after, Instant now) {
        List<Change> changes = new ArrayList<>();
        SortedSet<RoleName> roles = new TreeSet<>(before.justifiedRoles());
        roles.addAll(after.justifiedRoles());
        for (RoleName role : roles) {
            Optional<RoleDecision> was = before.decision(role).filter(RoleDecision::justified);
            Optional<RoleDecision> will = after.decision(role).filter(RoleDecision::justified);
            String id = person.employeeId().value();
            if (was.isEmpty() && will.isPresent()) {
                changes.add(new Change(
                        id,
                        person.site(),
                        role,
                        Kind.GAIN,
                        now,
                        null,
                        will.get().justifiedUntil(),
                        will.get().summary(),
                        will.get()));
            } else if (was.isPresent() && will.isEmpty()) {
                String why = after.decision(role)
                        .map(RoleDecision::summary)
                        .orElse(role + " is not given by any proposed rule at " + person.site());
                changes.add(new Change(
                        id,
                        person.site(),
                        role,
                        Kind.LOSS,
                        now,
                        was.get().justifiedUntil(),
                        null,
                        why,
                        after.decision(role).orElse(null)));
            } else if (was.isPresent()
                    && !Objects.equals(was.get().justifiedUntil(), will.get().justifiedUntil())) {
                changes.add(new Change(
                        id,
                        person.site(),
                        role,
                        Kind.END_MOVES,
                        will.get().justifiedUntil(),
                        was.get().justifiedUntil(),
                        will.get().justifiedUntil(),
                        will.get().summary(),
                        will.get()));
            }
        }
        return changes;
    }

    /** The effect of a proposed plant definition on everyone. */
    public record Impact(
            Instant at, String currentVersion, String proposedVersion, int activePeople, List<Change> changes) {

        public long count(Kind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    /** How a role would change for one person. */
    public enum Kind {
        /** The person would gain the role now. */
        GAIN,
        /** The person would lose the role now. */
        LOSS,
        /** The person keeps the role, but it would end at another instant. */
        END_MOVES
    }

    /**
     * One person's change for one role, with when it takes effect and why: {@code basis} in the API's English,
     * {@code decision} the policy's decision it was told from (null when no proposed rule gives the role), so a page
     * can tell it in its reader's language.
     */
    public record Change(
            String employeeId,
            String site,
            RoleName role,
            Kind kind,
            @Nullable Instant when,
            @Nullable Instant currentUntil,
            @Nullable Instant proposedUntil,
            String basis,
            @Nullable RoleDecision decision) {

        /** The JSON view the preview endpoints answer with (rules preview and change sets alike). */
        public View view() {
            return new View(employeeId, site, role.value(), kind.name(), when, currentUntil, proposedUntil, basis);
        }

        /** A change as the API writes it: who, where, which role, which way, the instants (absent ones left out), why. */
        public record View(
                String employeeId,
                String site,
                String role,
                String kind,
                @Nullable Instant when,
                @Nullable Instant currentUntil,
                @Nullable Instant proposedUntil,
                String basis) {}
    }
}
