package org.qualigate.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The trace in force on the current thread. Work is asynchronous (intake stores an event, a worker delivers later), so
 * the trace travels with the stored event and work item, not with a thread: whoever takes up stored work opens the
 * trace stored with it for as long as it works on it ({@link #open}), and what it records meanwhile (audit entries,
 * work items, outbound calls) carries that trace. A group of items worked together notes each subject's trace
 * ({@link #note}), so that what is planned per subject afterwards carries its own cause's trace.
 */
public final class Traces {

    private static final ThreadLocal<@Nullable TraceParent> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<@Nullable Map<String, TraceParent>> SUBJECTS = new ThreadLocal<>();

    private Traces() {}

    /** What is closed when the work under a trace (or a group's notes) ends: the thread's previous state returns. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** An outbound call under way, to be ended with the answer's status (or none, when no answer came). */
    public interface Call {
        void answered(int status);

        void failed(String reason);
    }

    /**
     * Where outbound calls are recorded: the steps store of the application that makes them ({@link
     * TraceSteps#calls()}), handed to each adapter that application builds — never looked up from a shared place, so
     * that a call is recorded with the clock and database of the application that made it.
     */
    public interface CallRecorder {
        /** Records nothing: for an adapter built outside the service (a contract test, a tool). */
        CallRecorder NONE = (parent, sent, target) -> new Call() {
            @Override
            public void answered(int status) {}

            @Override
            public void failed(String reason) {}
        };

        Call begin(@Nullable TraceParent parent, TraceParent sent, String target);
    }

    /** The trace on this thread, if work under one is being done. */
    public static Optional<TraceParent> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The id of the trace on this thread, or null. */
    public static @Nullable String currentTraceId() {
        TraceParent p = CURRENT.get();
        return p == null ? null : p.traceId();
    }

    /** Works under {@code trace} (nothing changes when it is null) until the scope is closed. */
    public static Scope open(@Nullable TraceParent trace) {
        if (trace == null) {
            return () -> {};
        }
        TraceParent before = CURRENT.get();
        CURRENT.set(trace);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** {@link #open} for a stored {@code traceparent} text; an unreadable or absent one opens nothing. */
    public static Scope open(@Nullable String storedTraceparent) {
        return open(TraceParent.parse(storedTraceparent).orElse(null));
    }

    /** Collects the notes of a group of items worked together, until closed. */
    public static Scope group() {
        Map<String, TraceParent> before = SUBJECTS.get();
        SUBJECTS.set(new HashMap<>());
        return () -> {
            if (before == null) {
                SUBJECTS.remove();
            } else {
                SUBJECTS.set(before);
            }
        };
    }

    /** Notes that {@code subject} (an employee id, a batch) was changed under the current trace, in the open group. */
    public static void note(String subject) {
        Map<String, TraceParent> notes = SUBJECTS.get();
        TraceParent p = CURRENT.get();
        if (notes != null && p != null) {
            notes.put(subject, p);
        }
    }

    /**
     * Does {@code work} under {@code trace} and notes that {@code subject} (when there is one) was changed under it, in
     * the open group.
     */
    public static <T> T within(@Nullable TraceParent trace, @Nullable String subject, Supplier<T> work) {
        try (var scope = open(trace)) {
            T result = work.get();
            if (subject != null) {
                note(subject);
            }
            return result;
        }
    }

    /** The trace {@code subject} was last changed under in the open group, else the current trace. */
    public static @Nullable TraceParent of(String subject) {
        Map<String, TraceParent> notes = SUBJECTS.get();
        TraceParent noted = notes == null ? null : notes.get(subject);
        return noted != null ? noted : CURRENT.get();
    }

    /** The id of the trace {@code subject} was last changed under in the open group, else of the current trace. */
    public static @Nullable String traceIdFor(@Nullable String subject) {
        TraceParent p = subject == null ? CURRENT.get() : of(subject);
        return p == null ? null : p.traceId();
    }

    /** {@link #of} as the stored text, or null. */
    public static @Nullable String headerOf(String subject) {
        TraceParent p = of(subject);
        return p == null ? null : p.header();
    }

    /**
     * Begins an outbound call to {@code target}: the traceparent to send is a new span of the current trace (of a new
     * trace when none is in force), and the call is recorded by {@code recorder} as a step of that trace.
     */
    public static Outbound outbound(String target, CallRecorder recorder) {
        TraceParent p = CURRENT.get();
        TraceParent sent = p == null ? TraceParent.start() : p.child();
        return new Outbound(sent, recorder.begin(p, sent, target));
    }

    /** An outbound call's traceparent and its record. */
    public record Outbound(TraceParent sent, Call call) {}
}
