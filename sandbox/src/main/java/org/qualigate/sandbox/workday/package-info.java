/**
 * A Workday tenant simulator: SOAP {@code Get_Workers} (Human_Resources) with WS-Security, a RaaS custom report
 * as JSON, and outbound subscription messages towards Qualigate, all over the sandbox's demo workforce.
 */
@NullMarked
package org.qualigate.sandbox.workday;

import org.jspecify.annotations.NullMarked;
