package org.qualigate.access;

import java.util.List;
import org.qualigate.policy.RoleName;

/**
 * The plant definition's minimum number of certified people holding a role on each of the named shifts of its
 * line (e.g. PACK-3 needs 3 operators per shift): what the staffing forecast checks every rostered shift
 * against.
 */
public record StaffingMinimum(RoleName role, String site, String line, int minimum, List<String> shifts) {

    public StaffingMinimum {
        shifts = List.copyOf(shifts);
        if (minimum < 1) {
            throw new IllegalArgumentException("minimum of " + role + " must be at least 1: " + minimum);
        }
    }

    /** Whether this minimum applies to the shift of that name. */
    public boolean appliesTo(String shift) {
        return shifts.contains(shift);
    }
}
