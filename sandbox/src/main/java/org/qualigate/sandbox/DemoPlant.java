package org.qualigate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The demo plant of {@code demo-plant.yaml}: sites, qualifications, MES roles and the workforce mix. */
record DemoPlant(
        List<Site> sites,
        List<Qualification> qualifications,
        List<Role> roles,
        Map<String, Double> roleMix,
        double expiringWithin30Days,
        List<Staffing> staffing) {

    /** A staffing minimum: people holding the role needed on each of the shifts of its line. */
    record Staffing(String role, String site, String line, int minimum, List<String> shifts) {}

    record Site(String code, String name, String zone, List<String> lines, List<Shift> shifts, int people) {}

    /** A shift of a site in local times; one that ends before (or when) it starts runs past midnight. */
    record Shift(String name, java.time.LocalTime start, java.time.LocalTime end) {}

    /** A canonical qualification; {@code workday} is null for the ones the QMS owns. */
    record Qualification(
            String code,
            String name,
            @Nullable Integer validityMonths,
            String owner,
            int levels,
            @Nullable String workday,
            @Nullable String qms) {

        Qualification(
                String code,
                String name,
                @Nullable Integer validityMonths,
                String owner,
                int levels,
                @Nullable String workday) {
            this(code, name, validityMonths, owner, levels, workday, null);
        }

        boolean hris() {
            return workday != null && owner.equals("HRIS");
        }
    }

    record Requirement(String code, int minLevel) {
        static Requirement parse(String text) {
            int at = text.indexOf(">=");
            return at < 0
                    ? new Requirement(text.trim(), 1)
                    : new Requirement(
                            text.substring(0, at).trim(),
                            Integer.parseInt(text.substring(at + 2).trim()));
        }
    }

    /** An MES role at one site (the {@code *} roles are expanded per site). */
    record Role(String name, String site, List<List<Requirement>> sets, int graceDays) {}

    static DemoPlant load() {
        try (InputStream in = DemoPlant.class.getResourceAsStream("/demo-plant.yaml")) {
            if (in == null) {
                throw new IllegalStateException("demo-plant.yaml is missing from the classpath");
            }
            return parse(new YAMLMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DemoPlant parse(JsonNode root) {
        List<Site> sites = new ArrayList<>();
        for (JsonNode s : root.path("sites").values()) {
            List<String> lines = new ArrayList<>();
            s.path("lines").values().forEach(l -> lines.add(l.path("code").asString()));
            List<Shift> shifts = new ArrayList<>();
            s.path("shifts")
                    .values()
                    .forEach(sh -> shifts.add(new Shift(
                            sh.path("name").asString(),
                            java.time.LocalTime.parse(sh.path("start").asString()),
                            java.time.LocalTime.parse(sh.path("end").asString()))));
            sites.add(new Site(
                    s.path("code").asString(),
                    s.path("name").asString(),
                    s.path("zone").asString(),
                    List.copyOf(lines),
                    List.copyOf(shifts),
                    s.path("people").asInt()));
        }
        List<Qualification> qualifications = new ArrayList<>();
        for (JsonNode q : root.path("qualifications").values()) {
            JsonNode validity = q.get("validityMonths");
            JsonNode workday = q.get("workday");
            JsonNode qms = q.get("qms");
            qualifications.add(new Qualification(
                    q.path("code").asString(),
                    q.path("name").asString(),
                    validity == null || validity.isNull() ? null : validity.asInt(),
                    q.path("owner").asString("HRIS"),
                    q.path("levels").asInt(1),
                    workday == null || workday.isNull() ? null : workday.asString(),
                    qms == null || qms.isNull() ? null : qms.asString()));
        }
        List<Role> roles = new ArrayList<>();
        for (JsonNode r : root.path("roles").values()) {
            String name = r.path("role").asString();
            List<List<Requirement>> sets = new ArrayList<>();
            for (JsonNode set : r.path("sets").values()) {
                List<Requirement> requirements = new ArrayList<>();
                set.values().forEach(code -> requirements.add(Requirement.parse(code.asString())));
                sets.add(List.copyOf(requirements));
            }
            int grace = r.path("graceDays").asInt(0);
            if (name.startsWith("*.")) {
                for (Site site : sites) {
                    roles.add(new Role(site.code() + name.substring(1), site.code(), List.copyOf(sets), grace));
                }
            } else {
                roles.add(new Role(name, name.substring(0, name.indexOf('.')), List.copyOf(sets), grace));
            }
        }
        Map<String, Double> mix = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e :
                root.path("workforce").path("roleMix").properties()) {
            mix.put(e.getKey(), e.getValue().asDouble());
        }
        double expiring = root.path("workforce").path("expiringWithin30Days").asDouble(0.06);
        List<Staffing> staffing = new ArrayList<>();
        for (JsonNode m : root.path("staffing").values()) {
            String role = m.path("role").asString();
            String[] parts = role.split("\\.");
            Site site = sites.stream()
                    .filter(x -> x.code().equals(parts[0]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("staffing of " + role + ": no site " + parts[0]));
            List<String> shifts = new ArrayList<>();
            if (m.has("shifts")) {
                m.path("shifts").values().forEach(x -> shifts.add(x.asString()));
            } else {
                site.shifts().forEach(x -> shifts.add(x.name()));
            }
            staffing.add(
                    new Staffing(role, site.code(), parts[1], m.path("minimum").asInt(), List.copyOf(shifts)));
        }
        return new DemoPlant(
                List.copyOf(sites),
                List.copyOf(qualifications),
                List.copyOf(roles),
                mix,
                expiring,
                List.copyOf(staffing));
    }

    /** One SCIM group per role per site, named as the role. */
    List<String> groupNames() {
        return roles.stream().map(Role::name).toList();
    }

    Optional<Qualification> qualification(String code) {
        return qualifications.stream().filter(q -> q.code().equals(code)).findFirst();
    }

    List<Role> rolesAt(String site) {
        return roles.stream().filter(r -> r.site().equals(site)).toList();
    }
}
