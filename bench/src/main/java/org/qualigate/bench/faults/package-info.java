/**
 * The fault suite: drives HR events through a running Qualigate while injecting target faults, process
 * kills, a PostgreSQL restart and bad webhooks, then proves from the simulator's side-effect log that no
 * change was lost, doubled or made without cause.
 */
@NullMarked
package org.qualigate.bench.faults;

import org.jspecify.annotations.NullMarked;
