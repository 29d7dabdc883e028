/**
 * An IBM Maximo-style maintenance system: the REST/JSON API over the asset object structure ({@code mxapiasset},
 * {@code mxasset}) with {@code oslc.select}, {@code oslc.where}, {@code oslc.orderBy}, paging and the lean or
 * namespaced JSON forms, authenticated by an API key, and the calibration due date of measuring equipment.
 */
@NullMarked
package org.qualigate.sandbox.maximo;

import org.jspecify.annotations.NullMarked;
