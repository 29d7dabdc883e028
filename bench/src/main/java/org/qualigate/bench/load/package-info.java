/**
 * The sustained-load benchmark: an open-loop stream of signed webhooks at a fixed rate, measured from the
 * send to the role change in the simulated MES, with the delivery backlog sampled over time, healthy and
 * with a target that fails a fifth of its calls.
 */
@NullMarked
package org.qualigate.bench.load;

import org.jspecify.annotations.NullMarked;
