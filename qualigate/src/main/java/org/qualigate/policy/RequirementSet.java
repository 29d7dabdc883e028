package org.qualigate.policy;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** An all-of list of requirements: met when every requirement is met at the same instant. */
public record RequirementSet(List<Requirement> allOf) {

    public RequirementSet {
        requireNonNull(allOf, "allOf");
        allOf = List.copyOf(allOf);
        if (allOf.isEmpty()) {
            throw new IllegalArgumentException("a requirement set must name at least one requirement");
        }
        Set<QualificationCode> seen = new HashSet<>();
        for (Requirement requirement : allOf) {
            if (!seen.add(requirement.code())) {
                throw new IllegalArgumentException(
                        "requirement set names " + requirement.code() + " more than once: " + allOf);
            }
        }
    }

    /** Parses each entry with {@link Requirement#parse}. */
    public static RequirementSet of(String... requirements) {
        return parse(Arrays.asList(requirements));
    }

    /** Parses each entry with {@link Requirement#parse}. */
    public static RequirementSet parse(List<String> requirements) {
        requireNonNull(requirements, "requirements");
        return new RequirementSet(requirements.stream().map(Requirement::parse).toList());
    }

    @Override
    public String toString() {
        return allOf.toString();
    }
}
