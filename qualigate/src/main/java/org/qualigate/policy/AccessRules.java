package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One version of the plant's access rules, as approved by change control. */
public record AccessRules(String version, List<AccessRule> rules) {

    public AccessRules {
        requireNonNull(version, "version");
        requireNonNull(rules, "rules");
        if (version.isBlank()) {
            throw new IllegalArgumentException("access rules must carry a version");
        }
        rules = List.copyOf(rules);
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                requireDistinct(rules.get(i), rules.get(j));
            }
        }
    }

    // Two rules giving the same role at the same site would make "why does X hold Y" ambiguous.
    private static void requireDistinct(AccessRule first, AccessRule second) {
        String commonSite;
        if (AccessRule.EVERY_SITE.equals(first.site())) {
            commonSite = second.site();
        } else if (AccessRule.EVERY_SITE.equals(second.site()) || first.site().equals(second.site())) {
            commonSite = first.site();
        } else {
            return;
        }
        boolean clash = AccessRule.EVERY_SITE.equals(commonSite)
                ? first.role().equals(second.role())
                : first.roleAt(commonSite).equals(second.roleAt(commonSite));
        if (clash) {
            throw new IllegalArgumentException("two rules give the same role at site " + commonSite + ": "
                    + first.role() + " (site " + first.site() + ") and " + second.role() + " (site " + second.site()
                    + ")");
        }
    }

    /** The rules that apply at {@code site}, in rule order. */
    public List<AccessRule> forSite(String site) {
        requireNonNull(site, "site");
        return rules.stream().filter(rule -> rule.appliesTo(site)).toList();
    }

    /** The rule that gives {@code roleAtSite} (a role name with the site code in it) at {@code site}. */
    public Optional<AccessRule> ruleFor(RoleName roleAtSite, String site) {
        requireNonNull(roleAtSite, "roleAtSite");
        return forSite(site).stream()
                .filter(rule -> rule.roleAt(site).equals(roleAtSite))
                .findFirst();
    }

    /** Every role the rules can give at {@code site}, sorted by name. */
    public Set<RoleName> rolesAt(String site) {
        TreeSet<RoleName> roles = new TreeSet<>();
        for (AccessRule rule : forSite(site)) {
            roles.add(rule.roleAt(site));
        }
        return Collections.unmodifiableSortedSet(roles);
    }

    /** Every role the rules can give at any of {@code sites}, sorted by name. */
    public Set<RoleName> allRoles(Collection<String> sites) {
        requireNonNull(sites, "sites");
        TreeSet<RoleName> roles = new TreeSet<>();
        for (String site : sites) {
            roles.addAll(rolesAt(site));
        }
        return Collections.unmodifiableSortedSet(roles);
    }

    /** The asset numbers of the instruments whose calibration the rules at {@code site} name, sorted. */
    public Set<String> instrumentsAt(String site) {
        requireNonNull(site, "site");
        TreeSet<String> instruments = new TreeSet<>();
        for (AccessRule rule : rules) {
            if (!rule.appliesTo(site)) {
                continue;
            }
            for (RequirementSet set : rule.anyOf()) {
                for (Requirement requirement : set.allOf()) {
                    requirement.instrument().ifPresent(instruments::add);
                }
            }
        }
        return Collections.unmodifiableSortedSet(instruments);
    }
}
