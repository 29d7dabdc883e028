package org.qualigate.access;

import java.util.Map;
import java.util.Optional;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.QualificationCode;

/**
 * Maps each source system's course and certification IDs to canonical qualification codes. The key is
 * the dictionary name a source uses ({@code workday}, {@code successfactors}, {@code qms}).
 */
public record Dictionary(Map<String, Map<String, QualificationCode>> bySystem, Map<QualificationCode, String> names) {

    public Dictionary {
        bySystem = Map.copyOf(bySystem);
        names = Map.copyOf(names);
    }

    public Optional<QualificationCode> canonical(String system, String sourceCode) {
        return Optional.ofNullable(bySystem.getOrDefault(system, Map.of()).get(sourceCode));
    }

    /**
     * A record's name: as its source named it, else as the plant definition names its qualification (a record entered
     * in the QMS by hand carries only the QMS's course code); absent when neither names it.
     */
    public Optional<String> nameOf(Qualification q) {
        String given = q.evidence().sourceName();
        return given != null && !given.isBlank() ? Optional.of(given) : Optional.ofNullable(names.get(q.code()));
    }

    public boolean knowsSystem(String system) {
        return bySystem.containsKey(system);
    }
}
