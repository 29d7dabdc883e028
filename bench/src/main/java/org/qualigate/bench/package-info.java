/**
 * End-to-end load generator: starts PostgreSQL, the sandbox simulators and the Qualigate service, then
 * measures plain inserts, signed-webhook intake and webhook-to-role latency in one run.
 */
@NullMarked
package org.qualigate.bench;

import org.jspecify.annotations.NullMarked;
