package org.qualigate.intake;

/**
 * A read of a source refused as a whole, or held back, that an operator must hear about: published once per change
 * of the source's state (after it is committed and audited), and mailed to the alert recipients.
 *
 * @param source the source or directory, e.g. {@code workday}
 * @param subject one line, e.g. {@code removals held at BSL}
 * @param detail what happened, why, and where to look
 */
public record SourceAlert(String source, String subject, String detail) {}
