package org.qualigate.ledger;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A worker as the HRIS describes them: where they work (site, production line), for whom, and whether they still do. */
public record Person(
        EmployeeId employeeId,
        @Nullable String givenName,
        @Nullable String familyName,
        @Nullable String email,
        String site,
        @Nullable String line,
        @Nullable String supervisorId,
        @Nullable String jobTitle,
        Status status,
        String source,
        Instant updatedAt) {

    /** Employment status; a terminated person is entitled to nothing. */
    public enum Status {
        ACTIVE,
        TERMINATED
    }

    public String displayName() {
        return displayName(employeeId, givenName, familyName);
    }

    /** The name a person is shown by: given and family name, or the employee ID when they have neither. */
    public static String displayName(EmployeeId employeeId, @Nullable String givenName, @Nullable String familyName) {
        String name = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        return name.isEmpty() ? employeeId.value() : name;
    }

    /** The fields an audit entry records for this person; a map on purpose: their bytes are hashed. */
    public java.util.Map<String, Object> auditView() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("employeeId", employeeId.value());
        m.put("name", displayName());
        m.put("email", email);
        m.put("site", site);
        if (line != null) {
            m.put("line", line);
        }
        m.put("supervisorId", supervisorId);
        m.put("jobTitle", jobTitle);
        m.put("status", status.name());
        return m;
    }
}
