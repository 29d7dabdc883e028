package org.qualigate.connector;

import java.time.Instant;
import java.util.Optional;

/**
 * Pauses of every call to one outside system, shared by all workers and instances: when a system says its limit is
 * spent for everyone (Salesforce's org-wide {@code REQUEST_LIMIT_EXCEEDED}), nobody calls it again until the pause
 * is over, instead of each item retrying on its own.
 */
public interface CallPauses {

    /** Until when calls to the target are paused; empty when they are not. */
    Optional<Instant> pausedUntil(String target);

    /** Pauses calls to the target until {@code until} (a longer pause already in force is kept). */
    void pause(String target, Instant until, String reason);

    /** No pauses: every call is made (a target used outside the service, tests of the adapter alone). */
    static CallPauses none() {
        return new CallPauses() {
            @Override
            public Optional<Instant> pausedUntil(String target) {
                return Optional.empty();
            }

            @Override
            public void pause(String target, Instant until, String reason) {}
        };
    }
}
