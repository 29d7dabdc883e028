package org.qualigate.support;

/**
 * Thrown by an armed crash point in a test, in place of halting the JVM: an {@link Error}, so no
 * {@code catch (RuntimeException)} on the way out handles it, and whatever was not committed is lost as if
 * the process had died there.
 */
public final class SimulatedCrash extends Error {

    public SimulatedCrash(String point) {
        super("simulated crash at " + point);
    }
}
