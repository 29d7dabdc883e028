package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An MES role scoped to a site (or every site) and, optionally, a production line, with the requirement
 * sets that justify it: the role is justified while any one set is fully met.
 *
 * <p>A role name may start with {@code *.} when the rule applies at every site; {@link #roleAt} puts the
 * site code in its place.
 */
public record AccessRule(
        RoleName role, String site, @Nullable String line, List<RequirementSet> anyOf, Duration grace) {

    /** The site of a rule that applies at every site. */
    public static final String EVERY_SITE = "*";

    private static final String SITE_PLACEHOLDER = "*.";

    public AccessRule {
        requireNonNull(role, "role");
        requireNonNull(site, "site");
        requireNonNull(anyOf, "anyOf");
        requireNonNull(grace, "grace");
        if (!EVERY_SITE.equals(site) && !isScope(site)) {
            throw new IllegalArgumentException("site of rule " + role + " must be a site code or '*': '" + site + "'");
        }
        if (line != null && !isScope(line)) {
            throw new IllegalArgumentException("line of rule " + role + " must be a line code: '" + line + "'");
        }
        String name = role.value();
        int wildcard = name.indexOf('*');
        if (wildcard >= 0 && (!name.startsWith(SITE_PLACEHOLDER) || name.indexOf('*', 1) >= 0)) {
            throw new IllegalArgumentException(
                    "role " + role + " may hold '*' only as its leading site segment, as in '*.QA.BATCH_REVIEWER'");
        }
        anyOf = List.copyOf(anyOf);
        if (anyOf.isEmpty()) {
            throw new IllegalArgumentException("rule " + role + " must list at least one requirement set");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period of rule " + role + " must not be negative: " + grace);
        }
    }

    /**
     * A rule without a line, its sets parsed with {@link Requirement#parse}, e.g. {@code of("*.QA.BATCH_REVIEWER",
     * "*", List.of(List.of("GMP-BASIC", "GDP-DOC", "BATCH-REVIEW")), Duration.ZERO)}.
     */
    public static AccessRule of(String role, String site, List<List<String>> sets, Duration grace) {
        requireNonNull(sets, "sets");
        return new AccessRule(
                RoleName.of(role),
                site,
                null,
                sets.stream().map(RequirementSet::parse).toList(),
                grace);
    }

    /** Whether the rule gives its role at {@code site}. */
    public boolean appliesTo(String site) {
        return EVERY_SITE.equals(this.site) || this.site.equals(site);
    }

    /** A site or line code, {@code [A-Za-z0-9][A-Za-z0-9_-]{0,31}}, checked without a regex matcher (per role planned). */
    static boolean isScope(String code) {
        return CharacterForms.matches(code, 32, true, "", "_-");
    }

    /** The role this rule gives at {@code site}: a leading {@code *} is replaced by the site code. */
    public RoleName roleAt(String site) {
        requireNonNull(site, "site");
        if (EVERY_SITE.equals(site) || !isScope(site)) {
            throw new IllegalArgumentException("a role is given at one site code, not at '" + site + "'");
        }
        if (!appliesTo(site)) {
            throw new IllegalArgumentException("rule " + role + " applies at " + this.site + ", not at " + site);
        }
        return role.value().startsWith(SITE_PLACEHOLDER)
                ? RoleName.of(site + role.value().substring(1))
                : role;
    }
}
