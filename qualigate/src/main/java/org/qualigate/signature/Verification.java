package org.qualigate.signature;

import java.util.UUID;

/** Whether a signature still holds for the record's content, and why not when it does not. */
public record Verification(UUID signatureId, boolean valid, String reason) {}
