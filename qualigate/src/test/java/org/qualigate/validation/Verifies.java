package org.qualigate.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the user requirements ({@code docs/validation/requirements.md}) a test verifies; the build's
 * traceability matrix is made from these tags and refuses an ID the catalogue does not have.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Verifies {

    /** Requirement IDs, e.g. {@code "URS-AUD-003"}. */
    String[] value();
}
