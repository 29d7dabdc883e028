package org.qualigate.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that the build deliberately does not run, because something else runs it (the OQ
 * runner against an installed instance). Every other class with tests must be selected by Surefire or
 * Failsafe, or the build fails ({@link TestClasses}); this one is named in the build log instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunOutsideTheBuild {

    /** What runs it, e.g. {@code "./qualigate-oq, against an installed instance"}. */
    String value();
}
