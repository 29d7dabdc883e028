/**
 * Installation qualification: checks an installation (artifacts, SBOM, Java, PostgreSQL, schema,
 * configuration, connectivity) without changing it, and writes the report a validation team files.
 */
@Module(uses = {"config", "text"})
@NullMarked
package org.qualigate.validation;

import org.jspecify.annotations.NullMarked;
import org.qualigate.Module;
