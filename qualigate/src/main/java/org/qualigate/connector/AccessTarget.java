package org.qualigate.connector;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * A system that grants roles to people (an MES). Adapters translate the vendor's protocol into these
 * words; every call may throw {@link TargetException}, which says whether retrying can help.
 */
public interface AccessTarget {

    /** The configured name of this target, e.g. {@code mes}. */
    String name();

    /** Whether this target manages the given role (has a group or role for it). */
    boolean manages(RoleName role);

    /**
     * Reads the person's account and the managed roles it holds right now, or empty when the target
     * has no account for the person.
     */
    Optional<TargetAccount> read(EmployeeId employeeId);

    /** Gives the role to the account; granting a role the account already holds is harmless. */
    void grant(TargetAccount account, RoleName role);

    /** Takes the role from the account; revoking a role the account does not hold is harmless. */
    void revoke(TargetAccount account, RoleName role);

    /**
     * Reads several people's accounts, as {@link #read} does each: a target that can look many people up in
     * one request does so. Every id asked for is in the answer (empty: no account).
     */
    default Map<EmployeeId, Optional<TargetAccount>> readAll(Collection<EmployeeId> employeeIds) {
        Map<EmployeeId, Optional<TargetAccount>> accounts = new LinkedHashMap<>();
        for (EmployeeId id : employeeIds) {
            accounts.put(id, read(id));
        }
        return accounts;
    }

    /**
     * Gives one role to some accounts and takes it from others, as {@link #grant} and {@link #revoke} do each:
     * a target that can change one group's membership for many people in one request does so. When the call
     * fails, some of the changes may have been made: delivery reads the target again before it tries again.
     */
    default void changeAll(RoleName role, Collection<TargetAccount> granted, Collection<TargetAccount> revoked) {
        for (TargetAccount account : granted) {
            grant(account, role);
        }
        for (TargetAccount account : revoked) {
            revoke(account, role);
        }
    }

    /**
     * Every account that holds the role now, as the target lists the members of the role's group: the target's
     * id for each and, where the target says, the employee it belongs to. For reconciliation.
     */
    default List<Member> members(RoleName role) {
        throw TargetException.permanentFailure(name() + " cannot list who holds " + role, null);
    }

    /** One account holding a role: the target's id for it, and the employee when the target names one. */
    record Member(String targetId, Optional<EmployeeId> employeeId) {}
}
