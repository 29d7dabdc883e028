package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aStatLineGivesTheThreadsNameAndItsUserAndSystemTicks() {
        String stat = "4242 (C2 CompilerThre) S 1 4200 4200 0 -1 4194368 100 0 0 0 250 40 0 0 20 0 30 0 500 0 0";

        assertThat(ThreadCpu.parse(stat)).isEqualTo(new ThreadCpu.Ticks("C2 CompilerThre", 290));
    }

    @Test
    void jvmThreadsFallIntoGcJitVmAndRecorderAndJavaThreadsIntoTheirNamesGroup() {
        assertThat(ThreadCpu.categoryOf("GC Thread#1")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.categoryOf("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.categoryOf("C1 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.categoryOf("VM Thread")).isEqualTo(ThreadCpu.VM);
        assertThat(ThreadCpu.categoryOf("JFR Periodic Ta")).isEqualTo(ThreadCpu.RECORDER);
        assertThat(ThreadCpu.categoryOf("intake-committe")).isEqualTo("Java: intake-committe");
        assertThat(ThreadCpu.categoryOf("intake-commit12")).isEqualTo("Java: intake-commit#");
    }

    @Test
    void aWindowsTicksAreEachThreadsGrowthAndANewThreadCountsFromZero() {
        var before = Map.of(
                1L, new ThreadCpu.Ticks("GC Thread#0", 10),
                2L, new ThreadCpu.Ticks("http-nio-1-exec", 100),
                3L, new ThreadCpu.Ticks("C2 CompilerThre", 500));
        var after = Map.of(
                1L, new ThreadCpu.Ticks("GC Thread#0", 30),
                2L, new ThreadCpu.Ticks("http-nio-1-exec", 160),
                3L, new ThreadCpu.Ticks("C2 CompilerThre", 500),
                4L, new ThreadCpu.Ticks("GC Thread#1", 20));

        ServiceProfile.Tally t = ThreadCpu.between(before, after);

        assertThat(t.total()).isEqualTo(100);
        assertThat(t.top(5)).containsExactly(Map.entry("Java: http-nio-#-exec", 0.6), Map.entry(ThreadCpu.GC, 0.4));
    }
}
