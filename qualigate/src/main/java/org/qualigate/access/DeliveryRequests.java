package org.qualigate.access;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.qualigate.ledger.EmployeeId;
import org.qualigate.policy.RoleName;

/**
 * Asks for a person to be brought up to date in every access target, at or after an instant. The
 * delivery module implements it; the request is written in the caller's transaction.
 */
public interface DeliveryRequests {

    void request(EmployeeId employeeId, Instant dueAt);

    /**
     * Asks for delivery now unless every target is already known to hold exactly the desired roles and
     * no delivery for the person is pending (then there is nothing to do, and the targets are not read).
     */
    void requestIfChanged(EmployeeId employeeId, Set<RoleName> desired);

    /**
     * {@link #requestIfChanged(EmployeeId, Set)} for a group of persons planned together (in the order given), each
     * with the roles they should hold.
     */
    default void requestIfChanged(Map<EmployeeId, Set<RoleName>> desired) {
        desired.forEach(this::requestIfChanged);
    }

    /**
     * Asks again for everyone whose roles wait for a target account to exist or become active (after a directory
     * sync, which may have brought new accounts); returns how many were asked for.
     */
    int requestWaiting();
}
