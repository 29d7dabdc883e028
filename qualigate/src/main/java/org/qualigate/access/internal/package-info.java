/**
 * The access module's internals: the reader of the plant definition file (YAML) and its parts, which every other
 * module reaches through {@link org.qualigate.access.PlantDefinition#read} and {@link
 * org.qualigate.access.PlantDefinition#parse}, and the worker that fires the persisted timers. Not a named interface:
 * Spring Modulith treats this package as internal, so a type of another module that names one of these fails
 * {@code ApplicationModulesTest} (decision 0072).
 */
@NullMarked
package org.qualigate.access.internal;

import org.jspecify.annotations.NullMarked;
