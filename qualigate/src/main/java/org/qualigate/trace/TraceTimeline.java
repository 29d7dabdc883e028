package org.qualigate.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything that happened under one trace, in the order it happened: the steps recorded under it (received, planned,
 * each call to another system with its answer) and the audit entries written under it (the ledger's, the plan's, the
 * delivery's). What a reader follows on the page "follow this event" and in {@code GET /api/v1/traces/{traceId}}.
 */
public record TraceTimeline(String traceId, List<Row> rows) {

    /** What kind of moment a row is. */
    public enum Kind {
        INTAKE,
        PLAN,
        CALL,
        AUDIT
    }

    /**
     * One moment of the trace.
     *
     * @param name what happened: the request received, the work planned, the call made, or the audit entry's action
     * @param subject for an audit entry, what it is about; for a call, the span sent in its {@code traceparent}
     * @param outcome a call's HTTP status or why no answer came, a receipt's status; null for the others
     * @param auditSeq the audit entry's place in the chain, for an audit entry
     */
    public record Row(
            Instant at,
            @Nullable Instant endedAt,
            Kind kind,
            String name,
            @Nullable String subject,
            @Nullable String outcome,
            @Nullable Long auditSeq) {

        /** How long a call (or a receipt) took, in milliseconds; null for a moment without duration. */
        public @Nullable Long millis() {
            return endedAt == null ? null : Duration.between(at, endedAt).toMillis();
        }

        /** An audit entry as a moment of its trace. */
        public static Row audit(Instant at, long seq, String action, String subject) {
            return new Row(at, null, Kind.AUDIT, action, subject, null, seq);
        }
    }

    public TraceTimeline {
        rows = List.copyOf(rows);
    }

    /**
     * The steps and audit entries of a trace in one order: by time, a receipt before what it caused at the same instant,
     * and never a step before its cause. The times come from more than one clock (instances of a cluster, each with its
     * own), so a call made under a receipt's span is placed after that receipt even when its clock read earlier, and
     * nothing is placed before the trace's first receipt; the times shown stay the ones recorded.
     */
    static TraceTimeline of(String traceId, List<TraceStep> steps, List<Row> auditEntries) {
        Map<String, Instant> spanBegan = new HashMap<>();
        for (TraceStep s : steps) {
            spanBegan.merge(s.spanId(), s.startedAt(), (a, b) -> a.isBefore(b) ? a : b);
        }
        Instant firstReceipt = steps.stream()
                .filter(s -> s.kind() == TraceStep.Kind.INTAKE)
                .map(TraceStep::startedAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
        List<Placed> placed = new ArrayList<>(steps.size() + auditEntries.size());
        for (TraceStep s : steps) {
            Instant cause = s.parentSpanId() == null ? null : spanBegan.get(s.parentSpanId());
            placed.add(new Placed(
                    latest(latest(s.startedAt(), cause), s.kind() == TraceStep.Kind.INTAKE ? null : firstReceipt),
                    new Row(
                            s.startedAt(),
                            s.endedAt(),
                            Kind.valueOf(s.kind().name()),
                            s.name(),
                            s.kind() == TraceStep.Kind.CALL ? s.spanId() : null,
                            s.outcome(),
                            null)));
        }
        for (Row r : auditEntries) {
            placed.add(new Placed(latest(r.at(), firstReceipt), r));
        }
        placed.sort(Comparator.comparing(Placed::at).thenComparing(p -> p.row().kind()));
        return new TraceTimeline(traceId, placed.stream().map(Placed::row).toList());
    }

    private record Placed(Instant at, Row row) {}

    private static Instant latest(Instant a, @Nullable Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    /** Whether nothing at all was recorded under the trace. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
