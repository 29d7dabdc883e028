/**
 * The demo's quality content ({@code demo-quality.yaml}): the seed of the ERP, QMS and maintenance simulators and
 * the feed that now and then raises and closes non-conformances, lets a CAPA run overdue, opens a recall and makes
 * the maintenance system and the QMS disagree about an instrument's calibration.
 */
@NullMarked
package org.qualigate.sandbox.quality;

import org.jspecify.annotations.NullMarked;
