package org.qualigate.sandbox;

import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A person in the simulated HRIS, shaped like a Workday worker summary.
 *
 * @param employeeId the join key across systems, e.g. {@code E10023}
 * @param status {@code ACTIVE} or {@code TERMINATED}
 */
public record Worker(
        String employeeId,
        String givenName,
        String familyName,
        String email,
        String site,
        @Nullable String supervisorId,
        String status,
        LocalDate hireDate,
        @Nullable String jobTitle) {

    public static final String ACTIVE = "ACTIVE";
    public static final String TERMINATED = "TERMINATED";

    public Worker {
        requireText(employeeId, "employeeId");
        requireText(givenName, "givenName");
        requireText(familyName, "familyName");
        requireText(email, "email");
        requireText(site, "site");
        Objects.requireNonNull(status, "status");
        if (!status.equals(ACTIVE) && !status.equals(TERMINATED)) {
            throw new IllegalArgumentException("status must be ACTIVE or TERMINATED: " + status);
        }
        Objects.requireNonNull(hireDate, "hireDate");
        if (employeeId.equals(supervisorId)) {
            throw new IllegalArgumentException("a worker cannot supervise themself: " + employeeId);
        }
    }

    public String displayName() {
        return givenName + " " + familyName;
    }

    public Worker withStatus(String status) {
        return new Worker(employeeId, givenName, familyName, email, site, supervisorId, status, hireDate, jobTitle);
    }

    private static void requireText(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
