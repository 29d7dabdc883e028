package org.qualigate.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTimelineTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void stepsAndAuditEntriesAreInTheOrderOfTheirTimesAReceiptFirstAtTheSameInstant() {
        TraceTimeline timeline = TraceTimeline.of(
                "t",
                List.of(
                        step("b", null, TraceStep.Kind.PLAN, T),
                        step("a", null, TraceStep.Kind.INTAKE, T),
                        step("c", "a", TraceStep.Kind.CALL, T.plusMillis(5))),
                List.of(TraceTimeline.Row.audit(T.plusMillis(7), 12, "quality.batch.blocked", "M/B")));

        assertThat(kinds(timeline))
                .containsExactly(
                        TraceTimeline.Kind.INTAKE,
                        TraceTimeline.Kind.PLAN,
                        TraceTimeline.Kind.CALL,
                        TraceTimeline.Kind.AUDIT);
    }

    @Test
    void aCallWhoseClockReadEarlierThanItsCauseIsStillPlacedAfterItAndKeepsItsOwnTime() {
        TraceTimeline timeline = TraceTimeline.of(
                "t",
                List.of(
                        step("c", "a", TraceStep.Kind.CALL, T.minusSeconds(3)),
                        step("a", null, TraceStep.Kind.INTAKE, T),
                        step("a", null, TraceStep.Kind.PLAN, T.plusMillis(1))),
                List.of(TraceTimeline.Row.audit(T.minusSeconds(1), 3, "quality.batch.blocked", "M/B")));

        assertThat(kinds(timeline).getFirst()).isEqualTo(TraceTimeline.Kind.INTAKE);
        assertThat(timeline.rows())
                .filteredOn(r -> r.kind() == TraceTimeline.Kind.CALL)
                .singleElement()
                .satisfies(r -> assertThat(r.at()).isEqualTo(T.minusSeconds(3)));
    }

    @Test
    void aTraceWithoutAReceiptIsInTheOrderOfItsTimes() {
        TraceTimeline timeline = TraceTimeline.of(
                "t",
                List.of(step("c", null, TraceStep.Kind.CALL, T.plusSeconds(1))),
                List.of(TraceTimeline.Row.audit(T, 3, "quality.recall.planned", "R-1")));

        assertThat(kinds(timeline)).containsExactly(TraceTimeline.Kind.AUDIT, TraceTimeline.Kind.CALL);
    }

    private static List<TraceTimeline.Kind> kinds(TraceTimeline timeline) {
        return timeline.rows().stream().map(TraceTimeline.Row::kind).toList();
    }

    private static TraceStep step(String span, String parent, TraceStep.Kind kind, Instant at) {
        return new TraceStep("t", span, parent, kind, kind.name(), null, at, kind == TraceStep.Kind.CALL ? at : null);
    }
}
