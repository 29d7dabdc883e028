package org.qualigate.connector;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A person's account in a target system as read back from it: the target's own id for it and the
 * managed roles it holds.
 */
public record TargetAccount(EmployeeId employeeId, String targetId, SortedSet<RoleName> roles) {

    public TargetAccount {
        roles = new TreeSet<>(roles);
    }

    public static TargetAccount of(EmployeeId employeeId, String targetId, Set<RoleName> roles) {
        return new TargetAccount(employeeId, targetId, new TreeSet<>(roles));
    }
}
