package org.qualigate.access;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.qualigate.ledger.EmployeeId;

/**
 * A compliance review opened by an override, closed by someone other than the grantor with a conclusion:
 * justified or not, and why ({@code justified} is empty on reviews closed before the conclusion had that part).
 */
public record ReviewTask(
        UUID id,
        String kind,
        UUID overrideId,
        EmployeeId employeeId,
        Instant openedAt,
        Status status,
        @Nullable String closedBy,
        @Nullable Instant closedAt,
        @Nullable String conclusion,
        @Nullable Boolean justified) {

    /** Open until a reviewer closes it. */
    public enum Status {
        OPEN,
        CLOSED
    }

    public View view() {
        return new View(
                id.toString(),
                kind,
                overrideId.toString(),
                employeeId.value(),
                openedAt.toString(),
                status.name(),
                closedBy,
                closedAt == null ? null : closedAt.toString(),
                conclusion,
                justified);
    }

    /** The review task as the API and the audit trail show it, its instants as text. */
    public record View(
            String id,
            String kind,
            String overrideId,
            String employeeId,
            String openedAt,
            String status,
            @Nullable String closedBy,
            @Nullable String closedAt,
            @Nullable String conclusion,
            @Nullable Boolean justified) {}
}
