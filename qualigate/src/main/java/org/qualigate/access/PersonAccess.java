package org.qualigate.access;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.qualigate.ledger.Person;
import org.qualigate.ledger.Qualification;
import org.qualigate.policy.Entitlements;
import org.qualigate.policy.RoleName;

/** A person's qualifications and what the rules make of them at one instant. */
public record PersonAccess(
        Person person, List<Qualification> qualifications, Entitlements entitlements, boolean active) {

    /** The roles the person should hold: the justified ones, or none when not active. */
    public SortedSet<RoleName> desiredRoles() {
        return active ? entitlements.justifiedRoles() : new TreeSet<>();
    }
}
