package org.qualigate.trace;

/**
 * Where a step recorded under a trace is also reported as a span of the process's tracer, with the step's own ids and
 * times (decision 0076): what a collector shows of a trace is then what the page "follow this event" shows. Reported
 * on the recording thread when the step ends; nothing when no exporter is configured.
 */
interface StepSpans {

    /** Reports nothing (no exporter configured). */
    StepSpans NONE = (step, sampled) -> {};

    /**
     * Reports {@code step}, ended, as a span; {@code sampled} is the trace's sampled flag, which decides whether it
     * leaves the process.
     */
    void ended(TraceStep step, boolean sampled);
}
