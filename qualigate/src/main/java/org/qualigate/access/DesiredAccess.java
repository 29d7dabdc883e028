package org.qualigate.access;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.qualigate.policy.RoleName;

/**
 * What one target should hold for a person at an instant: the roles the rules justify, those of overrides
 * in force, and those whose revocation is deferred right now — each with why. {@code released} names the
 * deferrals that ended in this plan, so the revocation that follows can be recorded with them; {@code suspended}
 * the roles an access review suspended, so a revocation they cause says so.
 */
public record DesiredAccess(
        @Nullable PersonAccess access,
        SortedMap<RoleName, DesiredRole> roles,
        Map<RoleName, Deferral> released,
        Map<RoleName, Suspensions.Suspension> suspended) {

    public DesiredAccess {
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
        released = Map.copyOf(released);
        suspended = Map.copyOf(suspended);
    }

    /** The suspension that keeps the role from the person, if an access review suspended it. */
    public Optional<Suspensions.Suspension> suspension(RoleName role) {
        return Optional.ofNullable(suspended.get(role));
    }

    public SortedSet<RoleName> roleNames() {
        return new TreeSet<>(roles.keySet());
    }

    public Optional<DesiredRole> role(RoleName role) {
        return Optional.ofNullable(roles.get(role));
    }

    public Optional<Deferral> releasedDeferral(RoleName role) {
        return Optional.ofNullable(released.get(role));
    }

    /** One desired role and why: the rules, an override, or a deferred revocation. */
    public record DesiredRole(
            RoleName role,
            Why why,
            @Nullable AccessOverride override,
            @Nullable Deferral deferral) {

        /** Why the role is desired. */
        public enum Why {
            RULES,
            OVERRIDE,
            DEFERRAL
        }

        static DesiredRole byRules(RoleName role) {
            return new DesiredRole(role, Why.RULES, null, null);
        }

        static DesiredRole byOverride(AccessOverride o) {
            return new DesiredRole(o.role(), Why.OVERRIDE, o, null);
        }

        static DesiredRole byDeferral(Deferral d) {
            return new DesiredRole(d.role(), Why.DEFERRAL, null, d);
        }
    }
}
