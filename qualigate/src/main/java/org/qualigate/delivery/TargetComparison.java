package org.qualigate.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import org.qualigate.ledger.Person;
import org.qualigate.policy.RoleName;

/**
 * What a target holds compared with what is justified now, person by person: each role held without a basis is
 * extra, each justified role the target lacks is missing — unless the person waits for an account, whose roles
 * follow when it appears. Pure: the facts are read by {@link TargetReconciliation}.
 *
 * @param drift every difference, the target's unknown members first
 * @param differing the people with a difference (to be brought up to date in enforce mode)
 * @param extra roles held without a basis, unknown members included
 * @param missing justified roles the target lacks, for people not waiting for an account
 */
record TargetComparison(List<TargetReconciliation.Drift> drift, SortedSet<String> differing, int extra, int missing) {

    /**
     * What the target was read to hold.
     *
     * @param roles per person, the managed roles the target holds
     * @param accounts per person, the target's account
     * @param unknown members no employee could be found for
     * @param members how many members were read
     */
    record Holdings(
            SortedMap<String, SortedSet<RoleName>> roles,
            Map<String, String> accounts,
            List<TargetReconciliation.Drift> unknown,
            int members) {}

    static TargetComparison of(
            String target,
            Holdings actual,
            SortedMap<String, SortedSet<RoleName>> desired,
            Map<String, Person> people,
            Set<String> waitingPeople) {
        List<TargetReconciliation.Drift> drift = new ArrayList<>(actual.unknown());
        SortedSet<String> everyone = new TreeSet<>(actual.roles().keySet());
        everyone.addAll(desired.keySet());
        SortedSet<String> differing = new TreeSet<>();
        int extra = actual.unknown().size();
        int missing = 0;
        for (String e : everyone) {
            SortedSet<RoleName> has = actual.roles().getOrDefault(e, new TreeSet<>());
            SortedSet<RoleName> wants = desired.getOrDefault(e, new TreeSet<>());
            for (RoleName r : has) {
                if (!wants.contains(r)) {
                    extra++;
                    differing.add(e);
                    drift.add(new TargetReconciliation.Drift(
                            e,
                            r.value(),
                            "extra",
                            actual.accounts().get(e),
                            target + " holds " + r + " for " + e + " without a basis" + why(people.get(e))));
                }
            }
            for (RoleName r : wants) {
                if (!has.contains(r) && !waitingPeople.contains(e)) {
                    missing++;
                    differing.add(e);
                    drift.add(new TargetReconciliation.Drift(
                            e,
                            r.value(),
                            "missing",
                            actual.accounts().get(e),
                            target + " lacks " + r + " for " + e + " though it is justified"));
                }
            }
        }
        return new TargetComparison(drift, differing, extra, missing);
    }

    private static String why(@org.jspecify.annotations.Nullable Person x) {
        return x == null
                ? " (no such person in the ledger)"
                : x.status() != Person.Status.ACTIVE
                        ? " (person is " + x.status().name().toLowerCase() + ")"
                        : "";
    }
}
