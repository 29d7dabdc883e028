package org.qualigate.accessreview;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.Assignments;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.springframework.stereotype.Component;

/**
 * Who holds access now and on what basis, as an access review lists them: the roles Qualigate recorded as held in
 * each target (its assignments, with the basis recorded when each was granted or last changed). The one place
 * campaigns read holders from, so a role-holders query with the history of each role can take its place.
 */
@Component
class HoldersNow {

    private static final int CHUNK = 2000;

    /** One person holding one role in one target, with its basis and since when. */
    record Holder(
            EmployeeId employeeId,
            String name,
            String site,
            String target,
            RoleName role,
            String basis,
            Instant since,
            @Nullable Instant validUntil) {}

    private final Persons persons;
    private final Assignments assignments;

    HoldersNow(Persons persons, Assignments assignments) {
        this.persons = persons;
        this.assignments = assignments;
    }

    /** Everyone at the site holding any role, whatever their employment status (a leaver who holds one must show). */
    List<Holder> ofSite(String site) {
        return holders(p -> p.site().equals(site), r -> true);
    }

    /** Everyone holding the role, at any site. */
    List<Holder> ofRole(RoleName role) {
        return holders(p -> true, role::equals);
    }

    private List<Holder> holders(Predicate<Person> people, Predicate<RoleName> roles) {
        List<Person> chosen = persons.all().stream()
                .filter(people)
                .sorted(Comparator.comparing(p -> p.employeeId().value()))
                .toList();
        List<Holder> out = new ArrayList<>();
        for (int from = 0; from < chosen.size(); from += CHUNK) {
            List<Person> chunk = chosen.subList(from, Math.min(from + CHUNK, chosen.size()));
            Map<String, List<Assignments.Assignment>> held = assignments.of(
                    chunk.stream().map(p -> p.employeeId().value()).toList());
            for (Person p : chunk) {
                for (Assignments.Assignment a : held.getOrDefault(p.employeeId().value(), List.of())) {
                    if (roles.test(a.role())) {
                        out.add(new Holder(
                                p.employeeId(),
                                p.displayName(),
                                p.site(),
                                a.target(),
                                a.role(),
                                a.basis(),
                                a.since(),
                                a.validUntil()));
                    }
                }
            }
        }
        return out;
    }
}
