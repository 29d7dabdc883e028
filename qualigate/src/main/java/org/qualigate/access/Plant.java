package org.qualigate.access;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.policy.AccessRules;

/**
 * The plant definition in force: its sites (lines, shifts), the dictionary, the access rules, the training matrix
 * and the staffing minimums, under one version.
 */
public record Plant(
        String version,
        String sha256,
        Map<String, Site> sites,
        Dictionary dictionary,
        AccessRules rules,
        String text,
        NoticeDays noticeDays,
        TrainingMatrix trainingMatrix,
        List<StaffingMinimum> staffing) {

    public Plant {
        sites = Map.copyOf(sites);
        staffing = List.copyOf(staffing);
    }

    /** The staffing minimums of the site's lines, in the order the definition lists them. */
    public List<StaffingMinimum> staffingAt(String site) {
        return staffing.stream().filter(m -> m.site().equals(site)).toList();
    }

    public Optional<Site> site(String code) {
        return Optional.ofNullable(sites.get(code));
    }
}
