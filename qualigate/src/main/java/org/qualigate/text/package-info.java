/**
 * Text as it arrives from outside: what a stored value may contain (no control characters, no lone
 * surrogates, strict UTF-8), and how to name an unusable value without repeating it; and text as it leaves for a
 * reader: a sentence Qualigate makes, kept as a message key and arguments and written in the reader's language
 * and zone, records quoted as recorded (decision 0047), and a refusal, which carries its sentence beside the English
 * the API answers (decision 0054). No other module of Qualigate.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.qualigate.text;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
