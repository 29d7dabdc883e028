/**
 * The sandbox's CloudEvents webhook sink: a subscriber of Qualigate's outbound events that checks what it receives
 * against the CloudEvents 1.0 specification and records each event once in the side-effect log.
 */
@NullMarked
package org.qualigate.sandbox.events;

import org.jspecify.annotations.NullMarked;
