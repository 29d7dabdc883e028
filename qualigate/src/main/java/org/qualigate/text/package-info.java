/**
 * Text as it arrives from outside: what a stored value may contain (no control characters, no lone
 * surrogates, strict UTF-8), and how to name an unusable value without repeating it. JDK only.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.text;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
