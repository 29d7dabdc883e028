package org.qualigate.access.internal;

import static org.qualigate.access.internal.PlantDefinitionFile.refused;
import static org.qualigate.access.internal.PlantDefinitionFile.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Site;
import org.qualigate.access.StaffingMinimum;
import org.qualigate.policy.AccessRule;
import tools.jackson.databind.JsonNode;

/** Reads a plant definition's staffing minimums (part of {@link PlantDefinitionFile}). */
final class StaffingFile {

    private StaffingFile() {}

    /**
     * The staffing minimums: each names a role given at one site on one line, a whole number of people, and the
     * shifts it applies to (every shift of the site unless listed); one role and shift is named once.
     */
    static List<StaffingMinimum> staffing(
            JsonNode node, Map<String, Site> sites, List<AccessRule> rules, String origin) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw refused(origin + ": staffing must be a list of {role, minimum, shifts}", "staffing-list", origin);
        }
        List<StaffingMinimum> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int i = 0;
        for (JsonNode m : node) {
            String role = text(m, "role", origin + " staffing[" + i + "]");
            String where = origin + " staffing of " + role;
            i++;
            AccessRule rule = rules.stream()
                    .filter(r -> r.role().value().equals(role))
                    .findFirst()
                    .orElseThrow(() -> refused(
                            where + ": role is not defined under roles: " + role, "role-undefined", where, role));
            if (AccessRule.EVERY_SITE.equals(rule.site()) || rule.line() == null) {
                throw refused(
                        where + ": role is not given on one line of one site, and staffing minimums are per line: "
                                + role,
                        "staffing-per-line",
                        where,
                        role);
            }
            int minimum = minimum(m.get("minimum"), where);
            Site site = sites.get(rule.site());
            if (site.shifts().isEmpty()) {
                throw refused(
                        where + ": site " + site.code() + " defines no shifts, so no minimum per shift: " + role,
                        "no-shifts",
                        where,
                        site.code(),
                        role);
            }
            List<String> shifts = shiftsNamed(m.get("shifts"), site, where);
            for (String shift : shifts) {
                if (seen.put(role + "@" + shift, i) != null) {
                    throw refused(
                            where + ": a minimum for this role on shift " + shift + " is given twice: " + role,
                            "minimum-twice",
                            where,
                            shift,
                            role);
                }
            }
            out.add(new StaffingMinimum(rule.role(), rule.site(), rule.line(), minimum, shifts));
        }
        return out;
    }

    /** The shifts a staffing minimum names, each one of its site's; every shift of the site when left out. */
    private static List<String> shiftsNamed(JsonNode listed, Site site, String where) {
        List<String> shifts = new ArrayList<>();
        if (listed == null || listed.isNull()) {
            site.shifts().forEach(sh -> shifts.add(sh.name()));
        } else if (!listed.isArray() || listed.isEmpty()) {
            throw refused(
                    where + ": shifts must list shift names of site " + site.code()
                            + ", or be left out for every shift: " + listed,
                    "shifts-list",
                    where,
                    site.code(),
                    listed.toString());
        } else {
            for (JsonNode sh : listed) {
                String name = sh.asString();
                if (site.shift(name).isEmpty()) {
                    throw refused(
                            where + ": shift is not a shift of site " + site.code() + ": " + name,
                            "shift-unknown",
                            where,
                            site.code(),
                            name);
                }
                shifts.add(name);
            }
        }
        return shifts;
    }

    /** A staffing minimum's number: a whole number of people from 1 to 999. */
    private static int minimum(@Nullable JsonNode min, String where) {
        if (min == null || !min.isIntegralNumber() || min.asInt() < 1 || min.asInt() > 999) {
            String given = min == null ? "missing" : min.asString();
            throw refused(
                    where + ": minimum must be a whole number of people from 1 to 999: " + given,
                    "minimum",
                    where,
                    given);
        }
        return min.asInt();
    }
}
