/**
 * The SAP SuccessFactors adapter: users from the HCM OData v2 {@code User} entity, their learning history from
 * the Learning OData service, translated into {@link org.qualigate.connector.SourceRecord}s.
 */
@NamedInterface("successfactors")
@NullMarked
package org.qualigate.connector.successfactors;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
