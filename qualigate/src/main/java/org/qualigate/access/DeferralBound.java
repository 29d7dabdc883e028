package org.qualigate.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The deferral bound: a revocation is held back while the schedule calls for it (a shift or a work order in
 * progress), never past the bound set when it was first held back ({@code qualigate.access.max-deferral} from
 * then). A rule on values: the schedule's answer and the deferral in force come in, the ruling goes out.
 */
record DeferralBound(Duration maxDeferral) {

    /** What the schedule calls for now: hold until then, for that reason. */
    record Hold(Instant until, String reason) {}

    /** The ruling for one role's revocation. */
    sealed interface Ruling {}

    /** Hold the revocation back until {@code until}, which is never after {@code bound}. */
    record HeldBack(Instant until, Instant bound, String reason) implements Ruling {}

    /** Revoke now; {@code why} says why a deferral in force ends. */
    record Released(String why) implements Ruling {}

    /**
     * Rules on a revocation at {@code now}: {@code bound} is the bound of the deferral in force (null: none yet,
     * the bound starts now), {@code hold} what the schedule calls for.
     */
    Ruling rule(@Nullable Instant bound, Optional<Hold> hold, Instant now) {
        Instant limit = bound != null ? bound : now.plus(maxDeferral);
        if (hold.isEmpty()) {
            return new Released("no longer on shift nor holding an active work order");
        }
        if (!now.isBefore(limit)) {
            return new Released("maximum deferral of " + maxDeferral + " reached");
        }
        Instant until = hold.get().until().isAfter(limit) ? limit : hold.get().until();
        return new HeldBack(until, limit, hold.get().reason());
    }
}
