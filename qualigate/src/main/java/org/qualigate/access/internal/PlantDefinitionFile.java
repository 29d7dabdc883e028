package org.qualigate.access.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.qualigate.access.Dictionary;
import org.qualigate.access.NoticeDays;
import org.qualigate.access.Plant;
import org.qualigate.access.Site;
import org.qualigate.audit.CanonicalJson;
import org.qualigate.policy.AccessRule;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.QualificationCode;
import org.qualigate.policy.RoleName;
import org.qualigate.text.RefusedInput;
import org.qualigate.text.Sentence;
import org.springframework.core.io.Resource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the versioned plant definition (YAML): sites with zones, lines (with their supervisor's e-mail) and
 * shifts, qualifications with their ids in each source system, the MES roles with their requirement sets and
 * grace periods, and the minimum number of certified people per role, line and shift. A role's site
 * and line come from its name ({@code BSL.FILL-1.OPERATOR}) unless given explicitly; {@code *} means
 * every site. Any error names the entry and the field.
 */
public final class PlantDefinitionFile {

    private static final List<String> SYSTEMS = List.of("workday", "successfactors", "qms");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private PlantDefinitionFile() {}

    public static Plant read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            return parse(new String(bytes, StandardCharsets.UTF_8), resource.getDescription());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read plant definition " + resource.getDescription(), e);
        }
    }

    public static Plant parse(String yaml, String origin) {
        ObjectMapper mapper = new YAMLMapper();
        JsonNode root = mapper.readTree(yaml);
        String version = text(root, "version", origin);
        Map<String, Site> sites = sites(root.path("sites"), origin);
        Dictionary dictionary = dictionary(root.path("qualifications"), origin);
        List<Integer> defaultNoticeDays = noticeDays(
                root.path("notices").get("daysBeforeExpiry"), origin + " notices: daysBeforeExpiry", List.of(7, 3, 1));
        List<AccessRule> rules = new ArrayList<>();
        Map<RoleName, List<Integer>> noticeDaysByRole = new HashMap<>();
        for (JsonNode r : root.path("roles")) {
            String role = text(r, "role", origin + " roles");
            String where = origin + " role " + role;
            if (r.has("noticeDays")) {
                noticeDaysByRole.put(RoleName.of(role), noticeDays(r.get("noticeDays"), where + ": noticeDays", null));
            }
            rules.add(rule(r, role, sites, where));
        }
        requirementsDefined(rules, dictionary.names(), origin);
        AccessRules accessRules = new AccessRules(version, rules);
        return new Plant(
                version,
                CanonicalJson.sha256Hex(yaml),
                sites,
                dictionary,
                accessRules,
                yaml,
                new NoticeDays(defaultNoticeDays, noticeDaysByRole),
                TrainingMatrixFile.trainingMatrix(root.path("trainingMatrix"), sites, accessRules, origin),
                StaffingFile.staffing(root.path("staffing"), sites, rules, origin));
    }

    /** The sites by code, each with its zone, lines and shifts; at least one. */
    private static Map<String, Site> sites(JsonNode node, String origin) {
        Map<String, Site> sites = new LinkedHashMap<>();
        for (JsonNode s : node) {
            String code = text(s, "code", origin + " sites");
            String where = origin + " site " + code;
            ZoneId zone;
            try {
                zone = ZoneId.of(text(s, "zone", where));
            } catch (DateTimeException e) {
                throw refused(
                        where + ": zone is not a time zone id: "
                                + s.path("zone").asString(),
                        "zone",
                        where,
                        s.path("zone").asString());
            }
            Map<String, Site.Line> lines = lines(s, where);
            sites.put(
                    code,
                    new Site(
                            code,
                            s.path("name").asString(code),
                            zone,
                            new ArrayList<>(lines.keySet()),
                            shifts(s, where),
                            lines));
        }
        if (sites.isEmpty()) {
            throw refused(origin + ": sites must list at least one site", "no-sites", origin);
        }
        return sites;
    }

    /** A site's lines by code, in their order: a bare code, or {code, name, supervisor} with an e-mail address. */
    private static Map<String, Site.Line> lines(JsonNode site, String where) {
        Map<String, Site.Line> lines = new LinkedHashMap<>();
        for (JsonNode l : site.path("lines")) {
            String line = l.isString() ? l.asString() : text(l, "code", where + " lines");
            if (lines.containsKey(line)) {
                throw refused(where + ": line " + line + " is listed twice: " + line, "line-twice", where, line);
            }
            String supervisor = l.isObject() && l.hasNonNull("supervisor")
                    ? l.get("supervisor").asString().strip()
                    : null;
            if (supervisor != null && !EMAIL.matcher(supervisor).matches()) {
                throw refused(
                        where + " line " + line + ": supervisor must be an e-mail address: " + supervisor,
                        "supervisor",
                        where + " line " + line,
                        supervisor);
            }
            lines.put(line, new Site.Line(line, l.isObject() ? l.path("name").asString(line) : line, supervisor));
        }
        return lines;
    }

    /** The qualifications' names and their ids in each source system; one id maps to one qualification. */
    private static Dictionary dictionary(JsonNode node, String origin) {
        Map<String, Map<String, QualificationCode>> bySystem = new HashMap<>();
        Map<QualificationCode, String> names = new HashMap<>();
        for (JsonNode q : node) {
            String where = origin + " qualification " + q.path("code").asString("?");
            QualificationCode code = code(text(q, "code", where), where);
            names.put(code, q.path("name").asString(code.value()));
            for (String system : SYSTEMS) {
                JsonNode id = q.get(system);
                if (id != null && !id.isNull()) {
                    var map = bySystem.computeIfAbsent(system, k -> new HashMap<>());
                    QualificationCode previous = map.put(id.asString(), code);
                    if (previous != null && !previous.equals(code)) {
                        throw refused(
                                where + ": " + system + " id " + id.asString() + " is already mapped to " + previous,
                                "id-mapped",
                                where,
                                system,
                                id.asString(),
                                previous.value());
                    }
                }
            }
        }
        return new Dictionary(bySystem, names);
    }

    /**
     * One role's rule: its site and line from its name unless given, its requirement sets (at least one) and its
     * grace period (not negative).
     */
    private static AccessRule rule(JsonNode r, String role, Map<String, Site> sites, String where) {
        String[] parts = role.split("\\.");
        String site = r.hasNonNull("site") ? r.get("site").asString() : parts[0];
        if (!site.equals("*") && !sites.containsKey(site)) {
            throw refused(where + ": site " + site + " is not defined under sites", "site-undefined", where, site);
        }
        String line = r.hasNonNull("line") ? r.get("line").asString() : null;
        if (line == null
                && parts.length >= 3
                && !site.equals("*")
                && sites.get(site).lines().contains(parts[1])) {
            line = parts[1];
        }
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode set : r.path("sets")) {
            List<String> codes = new ArrayList<>();
            for (JsonNode c : set) {
                // YAML reads an unquoted "equipment: B-12" inside [...] as a one-entry map
                String key = c.isObject() && c.size() == 1
                        ? c.propertyNames().iterator().next()
                        : null;
                codes.add(key == null ? c.asString() : key + ": " + c.get(key).asString());
            }
            sets.add(codes);
        }
        if (sets.isEmpty()) {
            throw refused(where + ": sets must list at least one requirement set", "no-sets", where);
        }
        long graceDays = r.path("graceDays").asLong(0);
        if (graceDays < 0) {
            throw refused(where + ": graceDays must not be negative", "grace-negative", where);
        }
        try {
            RoleName.of(role);
        } catch (IllegalArgumentException e) {
            throw malformed(where, e, "role-name", role);
        }
        try {
            AccessRule rule = AccessRule.of(role, site, sets, Duration.ofDays(graceDays));
            return line == null ? rule : new AccessRule(rule.role(), rule.site(), line, rule.anyOf(), rule.grace());
        } catch (IllegalArgumentException e) {
            throw nested(where, e);
        }
    }

    /** Every requirement a rule names is a qualification the file defines. */
    private static void requirementsDefined(
            List<AccessRule> rules, Map<QualificationCode, String> qualifications, String origin) {
        for (AccessRule rule : rules) {
            rule.anyOf()
                    .forEach(set -> set.allOf().forEach(req -> {
                        if (req.instrument().isEmpty() && !qualifications.containsKey(req.code())) {
                            String where = origin + " role " + rule.role();
                            throw refused(
                                    where + ": requirement " + req.code() + " is not defined under qualifications",
                                    "requirement-undefined",
                                    where,
                                    req.code().value());
                        }
                    }));
        }
    }

    private static List<Site.Shift> shifts(JsonNode site, String where) {
        List<Site.Shift> shifts = new ArrayList<>();
        for (JsonNode sh : site.path("shifts")) {
            String name = text(sh, "name", where + " shifts");
            String at = where + " shift " + name;
            if (shifts.stream().anyMatch(x -> x.name().equals(name))) {
                throw refused(at + ": the shift is listed twice: " + name, "shift-twice", at, name);
            }
            LocalTime start = localTime(sh, "start", at);
            LocalTime end = localTime(sh, "end", at);
            if (start.equals(end)) {
                throw refused(
                        at + ": a shift must not start and end at the same time: " + end,
                        "shift-empty",
                        at,
                        end.toString());
            }
            shifts.add(new Site.Shift(name, start, end));
        }
        return shifts;
    }

    private static LocalTime localTime(JsonNode node, String field, String where) {
        String value = text(node, field, where);
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeException e) {
            throw refused(
                    where + ": " + field + " must be a local time HH:mm: " + value, "local-time", where, field, value);
        }
    }

    private static List<Integer> noticeDays(JsonNode node, String where, List<Integer> absent) {
        if (node == null || node.isNull()) {
            if (absent == null) {
                throw refused(where + " must be a list of whole days, e.g. [7, 3, 1]", "notice-days-list", where);
            }
            return absent;
        }
        if (!node.isArray()) {
            throw refused(where + " must be a list of whole days, e.g. [7, 3, 1]", "notice-days-list", where);
        }
        List<Integer> days = new ArrayList<>();
        for (JsonNode d : node) {
            if (!d.isIntegralNumber() || d.asInt() < 1 || d.asInt() > 365) {
                throw refused(where + " must hold whole days from 1 to 365", "notice-days-range", where);
            }
            days.add(d.asInt());
        }
        return days.stream()
                .distinct()
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asString().isBlank()) {
            throw refused(where + ": " + field + " is required", "required", where, field);
        }
        return v.asString();
    }

    private static QualificationCode code(String value, String where) {
        try {
            return QualificationCode.of(value);
        } catch (IllegalArgumentException e) {
            throw malformed(where, e, "qualification-code", value);
        }
    }

    /** A refusal in the API's English and, for a page, the same as a sentence ({@code refusal.definition.*} keys). */
    static RefusedInput refused(String english, String key, Object... args) {
        return new RefusedInput(english, Sentence.of("refusal.definition." + key, args));
    }

    /** A refusal of a value's own rule (a role name, a code) at a position; the rule's words kept as given. */
    /** A value that breaks its kind's form (a role name, a qualification code), said with the value. */
    static RefusedInput malformed(String where, IllegalArgumentException e, String key, String value) {
        return new RefusedInput(
                where + ": " + e.getMessage(), Sentence.of("refusal.definition." + key, where, value), e);
    }

    private static RefusedInput nested(String where, IllegalArgumentException e) {
        return new RefusedInput(
                where + ": " + e.getMessage(),
                Sentence.of("refusal.definition.nested", where, RefusedInput.saidOf(e)),
                e);
    }
}
