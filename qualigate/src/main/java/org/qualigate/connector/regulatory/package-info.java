/**
 * The regulatory reporting store where recalls are recorded: a JSON API over HTTPS with a bearer token, submissions
 * idempotent by an {@code Idempotency-Key} header, errors as RFC 9457 problem details (docs/connectors.md).
 */
@NamedInterface("regulatory")
@NullMarked
package org.qualigate.connector.regulatory;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
