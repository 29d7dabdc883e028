package org.qualigate.bench.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.SideEffect;

/**
 * Compares what reached the simulated MES (its side-effect log and its final group memberships) with the
 * {@link Expectations}: a change that is missing at the end is lost, an add or remove beyond what the
 * entitlement's rises and falls allow is duplicated, and a change the model never calls for is unexpected.
 *
 * @param lost people whose final membership of the role differs from the model's
 * @param duplicated adds or removes beyond the model's rises and falls, or the same change twice in a row
 * @param unexpected changes to a group the model never touches, or of a kind the model never calls for
 * @param adds role additions seen
 * @param removes role removals seen
 * @param examples a few of the findings, for the report
 */
public record SideEffectCheck(int lost, int duplicated, int unexpected, int adds, int removes, List<String> examples) {

    public boolean clean() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    static SideEffectCheck of(Sandbox sandbox, Expectations model, long sinceSeq, Instant end) {
        Set<String> people = Set.copyOf(model.people());
        Map<String, List<String>> changes = new HashMap<>();
        List<String> examples = new ArrayList<>();
        int unexpected = 0;
        int adds = 0;
        int removes = 0;
        for (SideEffect e : sandbox.sideEffects().since(sinceSeq)) {
            boolean membership =
                    e.operation().equals("group.member.add") || e.operation().equals("group.member.remove");
            if (!membership || !people.contains(e.detail())) {
                continue;
            }
            if (!e.resource().equals(SystemUnderTest.ROLE)) {
                unexpected++;
                note(examples, "unexpected " + e.operation() + " " + e.resource() + " " + e.detail() + " at " + e.at());
                continue;
            }
            boolean add = e.operation().equals("group.member.add");
            if (add) {
                adds++;
            } else {
                removes++;
            }
            changes.computeIfAbsent(e.detail(), k -> new ArrayList<>()).add(e.operation());
        }
        int lost = 0;
        int duplicated = 0;
        for (String p : people) {
            Expectations.Allowed allowed = model.allowed(p, end);
            List<String> ops = changes.getOrDefault(p, List.of());
            long a = ops.stream().filter(o -> o.endsWith("add")).count();
            long r = ops.size() - a;
            for (int i = 1; i < ops.size(); i++) {
                if (ops.get(i).equals(ops.get(i - 1))) {
                    duplicated++;
                    note(examples, "the same " + ops.get(i) + " twice in a row for " + p);
                }
            }
            if (allowed.adds() == 0 && a > 0) {
                unexpected += (int) a;
                note(examples, p + ": " + a + " adds though the role was never justified");
            } else if (a > allowed.adds()) {
                duplicated += (int) (a - allowed.adds());
                note(examples, p + ": " + a + " adds, at most " + allowed.adds() + " called for");
            }
            if (allowed.removes() == 0 && r > 0) {
                unexpected += (int) r;
                note(examples, p + ": " + r + " removes though the role never ended");
            } else if (r > allowed.removes()) {
                duplicated += (int) (r - allowed.removes());
                note(examples, p + ": " + r + " removes, at most " + allowed.removes() + " called for");
            }
            boolean holds = sandbox.scim().groupsOf(p).contains(SystemUnderTest.ROLE);
            if (holds != allowed.holdsAtEnd()) {
                lost++;
                note(examples, p + (allowed.holdsAtEnd() ? " lacks" : " still holds") + " the role at the end");
            }
        }
        return new SideEffectCheck(lost, duplicated, unexpected, adds, removes, List.copyOf(examples));
    }

    /** How many people the MES state already agrees with the model for. */
    static int agreeing(Sandbox sandbox, Expectations model, Instant at) {
        int n = 0;
        for (String p : model.people()) {
            if (sandbox.scim().groupsOf(p).contains(SystemUnderTest.ROLE)
                    == model.allowed(p, at).holdsAtEnd()) {
                n++;
            }
        }
        return n;
    }

    private static void note(List<String> examples, String finding) {
        if (examples.size() < 20) {
            examples.add(finding);
        }
    }
}
