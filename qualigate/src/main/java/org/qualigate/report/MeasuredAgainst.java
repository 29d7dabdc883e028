package org.qualigate.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.delivery.AssignmentHistory;
import org.qualigate.ledger.Persons;
import org.qualigate.policy.RoleName;
import org.qualigate.report.ComplianceLines.Met;
import org.qualigate.report.ComplianceReport.Basis;
import org.qualigate.report.ComplianceReport.Context;

/**
 * What the people of one chunk of the compliance report are measured against: the roles the training matrix names for
 * their job title at the site, or, for a job the matrix does not list, the roles they held (justified by the rules or
 * held in a target). The people of a site share a few job titles: each is looked up once per chunk, and its basis and
 * roles are the same objects for all its people (the chunk's writer writes them once).
 */
final class MeasuredAgainst {

    private final Context c;
    private final Map<String, Job> jobs = new HashMap<>();

    MeasuredAgainst(Context c) {
        this.c = c;
    }

    /**
     * What a job title is measured against at the site: for a job of the training matrix, its roles there (and their
     * names); for another, the roles each person held ({@code roles} null). Worked out once per title and chunk.
     */
    private record Job(
            Basis basis,
            @Nullable List<RoleName> roles,
            @Nullable List<String> names) {}

    private static final Job NO_JOB_TITLE =
            new Job(new Basis(Basis.ROLES_HELD, "roles held (no job title)", null, null, null), null, null);

    /**
     * The roles a person is measured against (and their names) and why, and which of them the rules did not justify
     * then.
     */
    record Expected(Basis basis, List<RoleName> roles, List<String> names, List<RoleName> unjustified) {}

    /** What the person is measured against, worked out once per job title for the people of a chunk. */
    Expected of(Persons.Listed p, List<Met> justified, List<AssignmentHistory.Held> held) {
        Job job = NO_JOB_TITLE;
        if (p.jobTitle() != null) {
            job = jobs.get(p.jobTitle());
            if (job == null) {
                job = job(p.jobTitle(), c);
                jobs.put(p.jobTitle(), job);
            }
        }
        List<RoleName> roles = job.roles();
        List<String> names = job.names();
        if (roles == null || names == null) {
            roles = rolesHeld(justified, held, c);
            names = names(roles);
        }
        List<RoleName> unjustified = List.of();
        for (RoleName r : roles) {
            if (ComplianceLines.met(justified, r) == null) {
                if (unjustified.isEmpty()) {
                    unjustified = new ArrayList<>(roles.size());
                }
                unjustified.add(r);
            }
        }
        return new Expected(job.basis(), roles, names, unjustified);
    }

    private static Job job(String title, Context c) {
        return c.rules()
                .trainingMatrix()
                .jobOf(c.site(), title)
                .map(j -> {
                    List<RoleName> roles = List.copyOf(new TreeSet<>(j.rolesAt(c.site())));
                    return new Job(
                            new Basis(Basis.MATRIX, j.describe(c.site()), c.site(), j.line(), j.jobTitle()),
                            roles,
                            names(roles));
                })
                .orElseGet(() -> new Job(
                        new Basis(
                                Basis.ROLES_HELD,
                                title.isBlank()
                                        ? "roles held (no job title)"
                                        : "roles held (job '" + title + "' not in the training matrix)",
                                null,
                                null,
                                title),
                        null,
                        null));
    }

    /** The roles a person justified by the rules or held in a target with a rule at the site, each once, in order. */
    private static List<RoleName> rolesHeld(List<Met> justified, List<AssignmentHistory.Held> held, Context c) {
        RoleName[] all = new RoleName[justified.size() + held.size()];
        int n = 0;
        for (Met m : justified) {
            all[n++] = m.role();
        }
        for (AssignmentHistory.Held h : held) {
            if (c.rules().rules().ruleFor(h.role(), c.site()).isPresent()) {
                all[n++] = h.role();
            }
        }
        return List.of(sortedOnce(all, n, Comparator.naturalOrder()));
    }

    /** The first {@code n} values, sorted, each once (as a sorted set keeps them); may reuse {@code values}. */
    static <T> T[] sortedOnce(T[] values, int n, Comparator<? super T> order) {
        Arrays.sort(values, 0, n, order);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (kept == 0 || order.compare(values[i], values[kept - 1]) != 0) {
                values[kept++] = values[i];
            }
        }
        return kept == values.length ? values : Arrays.copyOf(values, kept);
    }

    private static List<String> names(List<RoleName> roles) {
        String[] names = new String[roles.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = roles.get(i).value();
        }
        return List.of(names);
    }
}
