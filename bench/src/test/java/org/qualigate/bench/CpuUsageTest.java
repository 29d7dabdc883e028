package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUsageTest {

    @Test
    void splitsTheMachineIntoCoresPerProcessAndTheRest() {
        // 2 cores for 10 s at 100 ticks/s: 2000 ticks, 1700 busy and 300 idle.
        var before = new CpuUsage.Snapshot(10_000, 5_000, 100, 200, Map.of(11L, 300L));
        var after = new CpuUsage.Snapshot(11_700, 5_300, 900, 400, Map.of(11L, 900L));

        CpuUsage u = CpuUsage.between(before, after, 2);

        assertThat(u.service()).isCloseTo(0.8, within(1e-9));
        assertThat(u.loadGenerator()).isCloseTo(0.2, within(1e-9));
        assertThat(u.postgres()).isCloseTo(0.6, within(1e-9));
        assertThat(u.other()).isCloseTo(0.1, within(1e-9));
        assertThat(u.idle()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aBackendThatEndedDoesNotCancelTheOneThatReplacedIt() {
        var before = new CpuUsage.Snapshot(0, 0, 0, 0, Map.of(11L, 5_000L));
        var after = new CpuUsage.Snapshot(1_000, 0, 0, 0, Map.of(12L, 400L));

        CpuUsage u = CpuUsage.between(before, after, 2);

        assertThat(u.postgres()).isCloseTo(0.8, within(1e-9));
    }
}
