/**
 * The regulatory reporting store where recalls are recorded: a JSON API over HTTPS with a bearer token, submissions
 * idempotent by an {@code Idempotency-Key} header, errors as RFC 9457 problem details (docs/connectors.md).
 * Internal to the connector module: the adapter is built by its own configuration in this package and reached
 * through the port it implements, so no other module names a type here.
 */
@NullMarked
package org.qualigate.connector.regulatory;

import org.jspecify.annotations.NullMarked;
