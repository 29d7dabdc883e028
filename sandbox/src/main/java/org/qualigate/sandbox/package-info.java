/**
 * Vendor simulators (SCIM 2.0 MES, HRIS worker directory and webhook sender) with fault injection and a
 * side-effect log, runnable as a separate process or in-process from tests.
 */
@NullMarked
package org.qualigate.sandbox;

import org.jspecify.annotations.NullMarked;
