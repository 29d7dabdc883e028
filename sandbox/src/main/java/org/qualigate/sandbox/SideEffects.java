package org.qualigate.sandbox;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The log of state changes the simulators made, in order, so tests and demos can see what reached a target. */
public final class SideEffects {

    // Bounded so a long benchmark run cannot exhaust the heap; the oldest entries go first.
    private static final int CAPACITY = 500_000;

    private final Clock clock;
    private final ArrayDeque<SideEffect> entries = new ArrayDeque<>();
    private long lastSeq;
    // the traceparent of the request being answered on this thread: the changes it makes are logged with it
    private final ThreadLocal<@Nullable String> traceparent = new ThreadLocal<>();

    SideEffects(Clock clock) {
        this.clock = clock;
    }

    /** Every recorded change still held, oldest first. */
    public synchronized List<SideEffect> all() {
        return List.copyOf(entries);
    }

    /** The changes with a sequence number greater than {@code seq}, oldest first. */
    public synchronized List<SideEffect> since(long seq) {
        return entries.stream().filter(e -> e.seq() > seq).toList();
    }

    /** The sequence number of the latest change, 0 when none was recorded. */
    public synchronized long latestSeq() {
        return lastSeq;
    }

    /** Forgets the recorded changes; sequence numbers keep increasing. */
    public synchronized void clear() {
        entries.clear();
    }

    /** Logs the changes made on this thread with {@code header} until {@link #answered}. */
    void receiving(@Nullable String header) {
        traceparent.set(header);
    }

    void answered() {
        traceparent.remove();
    }

    synchronized SideEffect record(String target, String operation, String resource, String detail) {
        SideEffect effect =
                new SideEffect(++lastSeq, clock.instant(), target, operation, resource, detail, traceparent.get());
        entries.addLast(effect);
        if (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
        return effect;
    }
}
