/**
 * Ports the domain owns towards outside systems ({@link org.qualigate.connector.AccessTarget}, {@link
 * org.qualigate.connector.TrainingTarget}, {@link org.qualigate.connector.HrisSource}), one sub-package per vendor.
 * The root package is the module's API; the vendor packages whose adapters the composition root builds by name are
 * named interfaces of the same names ({@code factorytalk}, {@code hris}, {@code qms}, {@code scim}, {@code
 * successfactors}, {@code workday}); the others ({@code jira}, {@code maximo}, {@code regulatory}, {@code s4hana}),
 * which configure themselves, and {@code internal}, what the adapters share, are internal (decision 0072).
 */
@ApplicationModule(allowedDependencies = {"policy", "ledger", "text", "trace"})
@NullMarked
package org.qualigate.connector;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
