package org.qualigate.sandbox.workday;

/** What Qualigate answered to one outbound message: the HTTP status and body (0 and the error if no answer). */
public record OutboundResult(int status, String body) {}
