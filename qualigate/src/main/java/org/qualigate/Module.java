package org.qualigate;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a package as one of Qualigate's modules and names the other modules it may use. The
 * build checks every arrow against these declarations ({@code ModuleDependenciesTest}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Module {

    /** Simple names of the sibling modules this module may depend on, e.g. {@code "ledger"}. */
    String[] uses() default {};
}
