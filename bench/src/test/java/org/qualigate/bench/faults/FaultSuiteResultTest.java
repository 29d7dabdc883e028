package org.qualigate.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultSuiteResultTest {

    private static final FaultSuite.Step CRASHED = new FaultSuite.Step(
            "crash point `after-send` armed at delivery #8, then restart", "the process halted", true);

    private static FaultSuite.Result resultOf(List<FaultSuite.Step> steps, int killRetries) {
        Map<EventPump.Kind, Long> events = new EnumMap<>(EventPump.Kind.class);
        for (EventPump.Kind k : EventPump.Kind.values()) {
            events.put(k, 0L);
        }
        return new FaultSuite.Result(
                FaultSuite.Settings.SHORT,
                Instant.parse("2026-12-07T04:00:00Z"),
                Duration.ofSeconds(300),
                steps,
                events,
                new SideEffectCheck(0, 0, 0, 10, 8, List.of()),
                Duration.ofSeconds(12),
                0,
                "valid (100 entries, 0 not yet sealed)",
                10,
                8,
                Duration.ofSeconds(20),
                List.of(),
                new ErpUnderKill.Check(40, 20, 40, 20, 0, 0, 0, 40, 20, 3, List.of()),
                new KafkaUnderKill.Check(100, 100, 10, 10, 2, 2, 2, 5, 5, List.of()),
                new RecallUnderKill.Check(24, 24, 0, 0, 0, 24, 1, List.of()),
                new CapaUnderKill.Check(4, 12, 12, 12, 4, 0, 0, 12, List.of()),
                killRetries);
    }

    @Test
    void aKillPointWhoseMomentHadPassedIsReportedAsNotRunAndCountsNeitherAsPassedNorAsFailed() {
        FaultSuite.Step missed = FaultSuite.Step.notRun(
                "ERP answers postings 2 s late; `kill -9` mid-movement (343), restart",
                "no kill found a posting in flight with the ERP not done");

        FaultSuite.Result result = resultOf(List.of(CRASHED, missed), 2);

        assertThat(missed.status()).isEqualTo(FaultSuite.Step.Status.NOT_RUN);
        assertThat(result.notRun()).isEqualTo(1);
        assertThat(result.passed()).isTrue();
        assertThat(result.markdown("bench/run-faults --short"))
                .contains("**PASSED** (1 kill points NOT RUN: their moment had passed); 2 kill points missed once and"
                        + " tried again")
                .contains("| **NOT RUN: no kill found a posting in flight with the ERP not done** |");
    }

    @Test
    void aRunWhoseKillPointsAllLandedSaysNothingOfPointsNotRun() {
        String report = resultOf(List.of(CRASHED), 0).markdown("bench/run-faults --short");

        assertThat(report).contains("run took 300 s. **PASSED**\n").doesNotContain("NOT RUN");
    }

    @Test
    void aStepThatRanAndDidNotHoldFailsTheRun() {
        FaultSuite.Step failed = new FaultSuite.Step("crash point `after-lease`", "the process ended (exit 1)", false);

        FaultSuite.Result result = resultOf(List.of(CRASHED, failed), 0);

        assertThat(failed.status()).isEqualTo(FaultSuite.Step.Status.FAILED);
        assertThat(result.passed()).isFalse();
        assertThat(result.markdown("x")).contains("**FAILED**").contains("| **the process ended (exit 1)** |");
    }
}
