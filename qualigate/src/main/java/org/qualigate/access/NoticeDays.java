package org.qualigate.access;

import java.util.List;
import java.util.Map;
import org.qualigate.policy.RoleName;

/**
 * How many days before a role's qualification expires its holder and their supervisor are warned: the
 * plant's default ({@code notices.daysBeforeExpiry}, 7, 3 and 1 unless set) or the rule's own
 * {@code noticeDays}, largest first.
 */
public record NoticeDays(List<Integer> defaults, Map<RoleName, List<Integer>> byRule) {

    public NoticeDays {
        defaults = List.copyOf(defaults);
        byRule = Map.copyOf(byRule);
    }

    /** The notice days of the rule that gives the role (named as in the plant definition). */
    public List<Integer> forRule(RoleName ruleRole) {
        return byRule.getOrDefault(ruleRole, defaults);
    }
}
