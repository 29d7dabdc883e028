/**
 * Quality outcomes sent out as CloudEvents 1.0 (JSON event format, HTTP protocol binding in structured content mode)
 * to a webhook subscriber, as the {@link org.qualigate.connector.OutboundEvents} port; configured with {@code
 * qualigate.cloudevents.*}, absent without a sink URL (decision 0073).
 */
@NullMarked
package org.qualigate.connector.cloudevents;

import org.jspecify.annotations.NullMarked;
