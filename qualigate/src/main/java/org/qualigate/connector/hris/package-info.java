/** The generic JSON HRIS directory (in the spirit of Workday's worker API), as the sandbox serves it. */
@NamedInterface("hris")
@NullMarked
package org.qualigate.connector.hris;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
