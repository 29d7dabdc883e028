package org.qualigate.connector;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A person's account in a target system as read back from it: the target's own id for it, the managed roles it
 * holds, and whether the account is active (a role is never given to an inactive account).
 */
public record TargetAccount(EmployeeId employeeId, String targetId, SortedSet<RoleName> roles, boolean active) {

    public TargetAccount {
        roles = new TreeSet<>(roles);
    }

    /** An active account. */
    public TargetAccount(EmployeeId employeeId, String targetId, SortedSet<RoleName> roles) {
        this(employeeId, targetId, roles, true);
    }

    public static TargetAccount of(EmployeeId employeeId, String targetId, Set<RoleName> roles) {
        return new TargetAccount(employeeId, targetId, new TreeSet<>(roles), true);
    }

    public static TargetAccount of(EmployeeId employeeId, String targetId, Set<RoleName> roles, boolean active) {
        return new TargetAccount(employeeId, targetId, new TreeSet<>(roles), active);
    }
}
