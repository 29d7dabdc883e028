package org.qualigate.intake;

import org.jspecify.annotations.Nullable;

/**
 * An inbound event that was not acknowledged: intake was too busy to take it (nothing was stored), or its
 * commit did not complete in time. The sender must send it again; a copy that was stored after all is then
 * recognised as a duplicate delivery.
 */
public final class NotAcknowledged extends RuntimeException {

    private final boolean busy;

    NotAcknowledged(String message, boolean busy, @Nullable Throwable cause) {
        super(message, cause);
        this.busy = busy;
    }

    /** True when nothing was stored because too many events were waiting (an overload to push back). */
    public boolean busy() {
        return busy;
    }
}
