/**
 * Installation qualification: checks an installation (artifacts, SBOM, Java, PostgreSQL, schema,
 * configuration, connectivity) without changing it, and writes the report a validation team files.
 */
@ApplicationModule(allowedDependencies = {"config", "text"})
@NullMarked
package org.qualigate.validation;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
