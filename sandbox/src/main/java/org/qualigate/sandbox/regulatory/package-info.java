/**
 * The sandbox's own regulatory reporting store: recall reports submitted idempotently by key and read back. Not a
 * vendor's API; its shape is documented in {@code docs/connectors.md}.
 */
@NullMarked
package org.qualigate.sandbox.regulatory;

import org.jspecify.annotations.NullMarked;
