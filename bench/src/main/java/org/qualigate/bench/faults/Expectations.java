package org.qualigate.bench.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The model of what the MES must end up with: every event the service accepted, per person in the order it
 * was accepted, folded as the ledger folds them (a higher source version wins, a lower or equal one changes
 * nothing). From it: whether the person must hold the role at the end, and how many times at most the role
 * may have been added and removed on the way (each rise and fall of the entitlement allows one change).
 */
public final class Expectations {

    /** The certifications that together justify {@link SystemUnderTest#ROLE}. */
    public static final List<String> REQUIRED = List.of("WD-CERT-1001", "WD-CERT-1002", "WD-CERT-6001");

    private final Map<String, List<Accepted>> accepted = new ConcurrentHashMap<>();

    private record Accepted(Instant at, HrEvent event) {}

    /** What the model allows for one person. */
    public record Allowed(
            int adds,
            int removes,
            boolean holdsAtEnd,
            @Nullable Instant lastExpiry) {}

    public void person(String employeeId) {
        accepted.put(employeeId, new ArrayList<>());
    }

    /** Records an event the service acknowledged ({@code 2xx}); events of one person come in order. */
    public void accepted(HrEvent event, Instant at) {
        List<Accepted> list = accepted.get(event.employeeId());
        synchronized (list) {
            list.add(new Accepted(at, event));
        }
    }

    public List<String> people() {
        return List.copyOf(accepted.keySet());
    }

    /** Folds the person's accepted events up to {@code end}. */
    public Allowed allowed(String employeeId, Instant end) {
        List<Accepted> events;
        List<Accepted> list = accepted.get(employeeId);
        synchronized (list) {
            events = List.copyOf(list);
        }
        Map<String, Held> held = new HashMap<>();
        boolean holds = false;
        int rises = 0;
        int falls = 0;
        Instant lastExpiry = null;
        for (Accepted a : events) {
            // Nothing changed since the last event but time: a fall here is an expiry.
            if (holds && !justified(held, a.at())) {
                holds = false;
                falls++;
            }
            HrEvent e = a.event();
            Held before = held.get(e.certificationId());
            if (before == null || e.sourceVersion() > before.version()) {
                held.put(e.certificationId(), new Held(e.sourceVersion(), e.revoked(), e.expiresAt()));
                if (e.expiresAt() != null
                        && (lastExpiry == null || e.expiresAt().isAfter(lastExpiry))) {
                    lastExpiry = e.expiresAt();
                }
            }
            boolean now = justified(held, a.at());
            if (now && !holds) {
                rises++;
            } else if (!now && holds) {
                falls++;
            }
            holds = now;
        }
        if (holds && !justified(held, end)) {
            holds = false;
            falls++;
        }
        return new Allowed(rises, falls, holds, lastExpiry);
    }

    private record Held(
            long version, boolean revoked, @Nullable Instant expiresAt) {}

    private static boolean justified(Map<String, Held> held, Instant at) {
        for (String code : REQUIRED) {
            Held h = held.get(code);
            if (h == null || h.revoked() || (h.expiresAt() != null && !at.isBefore(h.expiresAt()))) {
                return false;
            }
        }
        return true;
    }
}
