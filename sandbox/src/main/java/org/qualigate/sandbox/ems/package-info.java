/**
 * An environmental monitoring system (EMS) of the cleanrooms: particle counters, temperature and differential
 * pressure sensors whose readings are produced to a Kafka topic keyed by room, with occasional excursions beyond
 * the room's EU GMP Annex 1 limits.
 */
@NullMarked
package org.qualigate.sandbox.ems;

import org.jspecify.annotations.NullMarked;
