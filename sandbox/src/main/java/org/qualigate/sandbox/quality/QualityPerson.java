package org.qualigate.sandbox.quality;

import org.jspecify.annotations.Nullable;

/** A person of the demo workforce who can own CAPAs, with their manager's employee id. */
public record QualityPerson(
        String employeeId,
        String name,
        String email,
        String site,
        @Nullable String managerEmployeeId) {}
