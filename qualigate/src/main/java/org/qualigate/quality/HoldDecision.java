package org.qualigate.quality;

import java.util.List;
import java.util.Objects;

/**
 * What the rules want of one batch's stock, and why: blocked while an NC holds it, released once every NC that held
 * it was closed with disposition release (or cancelled), otherwise left as it is. {@code holding} names the NCs that
 * hold it now.
 */
public record HoldDecision(Lot lot, Desired desired, List<String> holding, String explanation) {

    /** Blocked, released, or no reason to touch the stock. */
    public enum Desired {
        BLOCKED,
        RELEASED,
        NOT_HELD
    }

    public HoldDecision {
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(desired, "desired");
        holding = List.copyOf(holding);
        Objects.requireNonNull(explanation, "explanation");
        if ((desired == Desired.BLOCKED) == holding.isEmpty()) {
            throw new IllegalArgumentException("a batch is blocked exactly when an NC holds it");
        }
    }
}
