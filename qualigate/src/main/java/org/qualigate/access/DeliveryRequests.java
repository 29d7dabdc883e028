package org.qualigate.access;

import java.time.Instant;
import org.qualigate.ledger.EmployeeId;

/**
 * Asks for a person to be brought up to date in every access target, at or after an instant. The
 * delivery module implements it; the request is written in the caller's transaction.
 */
public interface DeliveryRequests {

    void request(EmployeeId employeeId, Instant dueAt);
}
