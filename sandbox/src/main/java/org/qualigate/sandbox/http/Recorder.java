package org.qualigate.sandbox.http;

/** Writes a state change a simulator made to the sandbox's side-effect log. */
@FunctionalInterface
public interface Recorder {

    void record(String operation, String resource, String detail);
}
