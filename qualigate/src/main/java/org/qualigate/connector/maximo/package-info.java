/**
 * IBM Maximo (REST/JSON API over the asset object structure) as the maintenance system that calibrates the plant's
 * measuring equipment: assets read page by page in the lean or the namespaced form, corrected by a method-override
 * PATCH.
 */
@NamedInterface("maximo")
@NullMarked
package org.qualigate.connector.maximo;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
