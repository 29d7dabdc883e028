/**
 * IBM Maximo (REST/JSON API over the asset object structure) as the maintenance system that calibrates the plant's
 * measuring equipment: assets read page by page in the lean or the namespaced form, corrected by a method-override
 * PATCH.
 * Internal to the connector module: the adapter is built by its own configuration in this package and reached
 * through the port it implements, so no other module names a type here.
 */
@NullMarked
package org.qualigate.connector.maximo;

import org.jspecify.annotations.NullMarked;
