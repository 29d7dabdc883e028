package org.qualigate.access;

import java.util.List;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.EntitlementTimeline;

/**
 * A person's current qualifications and their timeline under the rules in force, as the planner worked it out once
 * for everything it plans from: the roles to deliver, the next timer, the expiry warnings and the projection's rows.
 */
record PlannedAccess(Person person, List<Qualification> qualifications, EntitlementTimeline timeline) {

    boolean active() {
        return person.status() == Person.Status.ACTIVE;
    }
}
