/**
 * One trace across systems (W3C Trace Context): the {@code traceparent} an inbound event brought or was given, the
 * trace in force on the current thread while its work is done, and the steps recorded under it (intake, plan,
 * outbound calls) for the page that follows an event — and, when an OTLP endpoint is configured, the same steps as
 * Micrometer Tracing spans with the same ids (decision 0076). No other module of Qualigate.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.trace;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
