package org.qualigate.trace;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The steps recorded under each trace: an event received, work planned (once its transaction committed), a call to
 * another system with its answer (outside whatever transaction the caller holds: a call whose work is rolled back
 * still happened). They are kept in memory and written in one statement within half a second, and before any trace is
 * read, so that the receiving and calling threads never wait for them. A step not yet written when the process died
 * is missing from its trace's page; the audit entries of the trace are not (they are written with their change), and
 * the called system's own log names the {@code traceparent} it received.
 */
@Service
public class TraceSteps {

    private static final Logger log = LoggerFactory.getLogger(TraceSteps.class);
    private static final int NAME_MAX = 300;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Clock clock;
    private final StepSpans spans;
    private final ConcurrentLinkedQueue<TraceStep> pending = new ConcurrentLinkedQueue<>();
    private final Traces.CallRecorder recorder = this::begin;
    private final AtomicBoolean spanFailureLogged = new AtomicBoolean();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "trace-steps");
        t.setDaemon(true);
        return t;
    });

    TraceSteps(JdbcClient jdbc, JdbcTemplate batch, Clock clock, StepSpans spans) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.clock = clock;
        this.spans = spans;
        writer.scheduleWithFixedDelay(this::writeQuietly, 500, 500, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        writer.shutdownNow();
        writeQuietly();
    }

    /**
     * Records that an event was received under {@code trace} from {@code startedAt} until now, answered with
     * {@code outcome}. Written with the next batch of steps, off the receiving thread.
     */
    public void received(
            TraceParent trace, @Nullable String parentSpanId, String name, String outcome, Instant startedAt) {
        record(
                new TraceStep(
                        trace.traceId(),
                        trace.spanId(),
                        parentSpanId,
                        TraceStep.Kind.INTAKE,
                        clip(name),
                        clip(outcome),
                        startedAt,
                        clock.instant()),
                trace);
    }

    /**
     * Records that work was planned under the trace {@code subject} was changed under ({@link Traces#of}); kept only
     * if the caller's transaction commits. Nothing when no trace is in force.
     */
    public void planned(String subject, String name) {
        TraceParent p = Traces.of(subject);
        if (p == null) {
            return;
        }
        // a span of its own under the one its subject was changed under, so that an exported trace has no two spans
        // with one id
        TraceStep step = new TraceStep(
                p.traceId(),
                p.child().spanId(),
                p.spanId(),
                TraceStep.Kind.PLAN,
                clip(name),
                null,
                clock.instant(),
                null);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    record(step, p);
                }
            });
        } else {
            record(step, p);
        }
    }

    /**
     * Records the outbound calls of the adapters this application builds: each adapter is handed this recorder, so a
     * call is written by the store (clock, database) of the application that made it.
     */
    public Traces.CallRecorder calls() {
        return recorder;
    }

    /** What happened under one trace: its steps and the audit entries given, in one order. */
    public TraceTimeline timeline(String traceId, List<TraceTimeline.Row> auditEntries) {
        return TraceTimeline.of(traceId, of(traceId), auditEntries);
    }

    /** The steps of one trace, in the order they started. */
    List<TraceStep> of(String traceId) {
        write();
        return jdbc.sql("SELECT trace_id, span_id, parent_span_id, kind, name, outcome, started_at, ended_at "
                        + "FROM trace_step WHERE trace_id = ? ORDER BY started_at, id")
                .param(traceId)
                .query((rs, n) -> new TraceStep(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        TraceStep.Kind.valueOf(rs.getString(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
                .list();
    }

    private Traces.Call begin(@Nullable TraceParent parent, TraceParent sent, String target) {
        Instant started = clock.instant();
        String parentSpan = parent == null ? null : parent.spanId();
        return new Traces.Call() {
            @Override
            public void answered(int status) {
                end(String.valueOf(status));
            }

            @Override
            public void failed(String reason) {
                end(reason);
            }

            private void end(String outcome) {
                record(
                        new TraceStep(
                                sent.traceId(),
                                sent.spanId(),
                                parentSpan,
                                TraceStep.Kind.CALL,
                                clip(target),
                                clip(outcome),
                                started,
                                clock.instant()),
                        sent);
            }
        };
    }

    /**
     * Keeps {@code step} for the next write and reports it as a span (when an exporter is configured). A span that
     * cannot be reported never fails the receipt, the plan or the call it records: the step is kept either way.
     */
    private void record(TraceStep step, TraceParent under) {
        pending.add(step);
        try {
            spans.ended(step, under.sampled());
        } catch (RuntimeException e) {
            if (spanFailureLogged.compareAndSet(false, true)) {
                log.warn("a trace step could not be reported as a span (later failures at debug): {}", e.toString());
            } else {
                log.debug("a trace step could not be reported as a span: {}", e.toString());
            }
        }
    }

    /** Writes the steps recorded so far, in one statement. */
    synchronized void write() {
        List<TraceStep> steps = new ArrayList<>();
        for (TraceStep s = pending.poll(); s != null; s = pending.poll()) {
            steps.add(s);
        }
        if (steps.isEmpty()) {
            return;
        }
        try {
            insert(steps);
        } catch (RuntimeException e) {
            // kept for the next write: a call's record is not given up for one failed insert
            pending.addAll(steps);
            throw e;
        }
    }

    private void writeQuietly() {
        try {
            write();
        } catch (RuntimeException e) {
            log.warn("trace steps could not be written (kept for the next try): {}", e.toString());
        }
    }

    private void insert(List<TraceStep> steps) {
        List<Object[]> rows = new ArrayList<>(steps.size());
        for (TraceStep s : steps) {
            rows.add(new Object[] {
                s.traceId(),
                s.spanId(),
                s.parentSpanId(),
                s.kind().name(),
                s.name(),
                s.outcome(),
                Timestamp.from(s.startedAt()),
                s.endedAt() == null ? null : Timestamp.from(s.endedAt())
            });
        }
        batch.batchUpdate(
                "INSERT INTO trace_step (trace_id, span_id, parent_span_id, kind, name, outcome, "
                        + "started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
    }

    private static @Nullable String clip(@Nullable String s) {
        return s == null || s.length() <= NAME_MAX ? s : s.substring(0, NAME_MAX);
    }
}
