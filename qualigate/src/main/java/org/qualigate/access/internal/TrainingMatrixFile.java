package org.qualigate.access.internal;

import static org.qualigate.access.internal.PlantDefinitionFile.malformed;
import static org.qualigate.access.internal.PlantDefinitionFile.refused;
import static org.qualigate.access.internal.PlantDefinitionFile.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qualigate.access.Site;
import org.qualigate.access.TrainingMatrix;
import org.qualigate.policy.AccessRules;
import org.qualigate.policy.RoleName;
import tools.jackson.databind.JsonNode;

/** Reads a plant definition's training matrix (part of {@link PlantDefinitionFile}). */
final class TrainingMatrixFile {

    private TrainingMatrixFile() {}

    /** The training matrix: each job's site (or *), line and title, and roles the rules give there. */
    static TrainingMatrix trainingMatrix(JsonNode node, Map<String, Site> sites, AccessRules rules, String origin) {
        List<TrainingMatrix.Job> jobs = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode j : node) {
            String site = text(j, "site", origin + " trainingMatrix");
            String title = text(j, "jobTitle", origin + " trainingMatrix site " + site);
            String where = origin + " trainingMatrix " + site + " '" + title + "'";
            if (!site.equals("*") && !sites.containsKey(site)) {
                throw refused(where + ": site " + site + " is not defined under sites", "site-undefined", where, site);
            }
            String line = j.hasNonNull("line") ? j.get("line").asString() : null;
            if (line != null && (site.equals("*") || !sites.get(site).lines().contains(line))) {
                throw refused(
                        where + ": line " + line + " is not a line of site " + site,
                        "line-not-of-site",
                        where,
                        line,
                        site);
            }
            if (!seen.add(site + "|" + TrainingMatrix.fold(title))) {
                throw refused(where + ": the job is listed twice for this site", "job-twice", where);
            }
            List<RoleName> roles = new ArrayList<>();
            for (JsonNode r : j.path("roles")) {
                try {
                    roles.add(RoleName.of(r.asString()));
                } catch (IllegalArgumentException e) {
                    throw malformed(where + ": roles", e, "role-name", r.asString());
                }
            }
            if (roles.isEmpty()) {
                throw refused(where + ": roles must name at least one role", "no-roles", where);
            }
            TrainingMatrix.Job job = new TrainingMatrix.Job(site, line, title, roles);
            for (String s : site.equals("*") ? sites.keySet() : java.util.Set.of(site)) {
                for (RoleName role : job.rolesAt(s)) {
                    if (rules.ruleFor(role, s).isEmpty()) {
                        throw refused(
                                where + ": no rule gives role " + role + " at site " + s,
                                "no-rule",
                                where,
                                role.value(),
                                s);
                    }
                }
            }
            jobs.add(job);
        }
        return new TrainingMatrix(jobs);
    }
}
