package org.qualigate.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.qualigate.validation.Verifies;

/** The {@code traceparent} is read by the W3C Trace Context recommendation's rules (section 3.2) and its examples. */
class TraceParentTest {

    private static final String EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Verifies("URS-INT-276")
    @Test
    void readsTheRecommendationsExample() {
        TraceParent p = TraceParent.parse(EXAMPLE).orElseThrow();

        assertThat(p.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(p.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(p.flags()).isEqualTo("01");
        assertThat(p.header()).isEqualTo(EXAMPLE);
    }

    @Verifies("URS-INT-276")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
                "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01"
            })
    void anInvalidHeaderIsNoTraceparentAndTheReceiverStartsATraceOfItsOwn(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();

        TraceParent started = TraceParent.continuing(header);
        assertThat(started.traceId()).hasSize(32).isNotEqualTo("0".repeat(32));
        assertThat(started.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }

    @Verifies("URS-INT-276")
    @Test
    void aLaterVersionIsReadByItsVersion00PrefixAndMayCarryMoreFields() {
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"))
                .hasValueSatisfying(p -> assertThat(p.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.what"))
                .isEmpty();
    }

    @Verifies("URS-INT-276")
    @Test
    void aReceiverContinuesTheSendersTraceWithASpanOfItsOwn() {
        TraceParent continued = TraceParent.continuing(EXAMPLE);
        TraceParent call = continued.child();

        assertThat(continued.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(continued.spanId()).isNotEqualTo("00f067aa0ba902b7");
        assertThat(call.traceId()).isEqualTo(continued.traceId());
        assertThat(call.spanId()).isNotEqualTo(continued.spanId());
    }

    @Test
    void workOnAGroupCarriesEachSubjectsOwnTraceAndTheThreadsTraceEndsWithItsScope() {
        TraceParent first = TraceParent.start();
        TraceParent second = TraceParent.start();
        try (var group = Traces.group()) {
            try (var t = Traces.open(first)) {
                Traces.note("E1");
            }
            try (var t = Traces.open(second)) {
                Traces.note("E2");
            }
            assertThat(Traces.traceIdFor("E1")).isEqualTo(first.traceId());
            assertThat(Traces.traceIdFor("E2")).isEqualTo(second.traceId());
            assertThat(Traces.traceIdFor("E3")).isNull();
        }
        assertThat(Traces.current()).isEmpty();
        assertThat(Traces.traceIdFor("E1")).isNull();
    }

    @Verifies("URS-INT-327")
    @Test
    void theSampledFlagIsTheLowestBitOfTheTraceFlags() {
        assertThat(TraceParent.parse(EXAMPLE).orElseThrow().sampled()).isTrue();
        assertThat(TraceParent.parse(EXAMPLE.replace("-01", "-00"))
                        .orElseThrow()
                        .sampled())
                .isFalse();
        assertThat(TraceParent.parse(EXAMPLE.replace("-01", "-03"))
                        .orElseThrow()
                        .sampled())
                .isTrue();
        assertThat(TraceParent.start().sampled()).isTrue();
    }
}
