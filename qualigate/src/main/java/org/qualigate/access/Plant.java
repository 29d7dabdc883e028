package org.qualigate.access;

import java.util.Map;
import java.util.Optional;
import org.qualigate.policy.AccessRules;

/**
 * The plant definition in force: its sites, the dictionary, the access rules and the training matrix, under one
 * version.
 */
public record Plant(
        String version,
        String sha256,
        Map<String, Site> sites,
        Dictionary dictionary,
        AccessRules rules,
        String text,
        NoticeDays noticeDays,
        TrainingMatrix trainingMatrix) {

    public Plant {
        sites = Map.copyOf(sites);
    }

    public Optional<Site> site(String code) {
        return Optional.ofNullable(sites.get(code));
    }
}
