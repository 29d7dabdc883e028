package org.qualigate.intake;

/**
 * A source, or the HRIS directory, read completely again after a read was refused (published after the state change
 * is committed): the cause of its alert has cleared.
 *
 * @param source the source or directory, e.g. {@code workday}
 */
public record SourceRecovered(String source) {}
