package org.qualigate.interfaces;

import org.jspecify.annotations.Nullable;

/**
 * How an interface stands now: messages handled and failures audited in the last hour, the work waiting and the dead
 * letters (when it has a queue of its own), the service-level breaches of the last hour (when one is measured), its
 * circuit breaker (when it has one), and whether it is paused. Null: not counted for this interface.
 */
public record InterfaceState(
        long handledLastHour,
        long failedLastHour,
        @Nullable Long backlog,
        @Nullable Long deadLetters,
        @Nullable Long slaBreachesLastHour,
        @Nullable String breaker,
        boolean paused) {

    /** Whether anything calls for attention: failures, dead letters, breaches, an open breaker, or a pause. */
    public boolean attention() {
        return failedLastHour > 0
                || (deadLetters != null && deadLetters > 0)
                || (slaBreachesLastHour != null && slaBreachesLastHour > 0)
                || (breaker != null && !breaker.equals("CLOSED") && !breaker.equals("NONE"))
                || paused;
    }
}
