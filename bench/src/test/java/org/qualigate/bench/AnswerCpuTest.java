package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerCpuTest {

    @Test
    void namesHotSpotsCompilerAndG1ThreadsAsLinuxShowsThem() {
        assertThat(AnswerCpu.ThreadTicks.isCompiler("C2 CompilerThre")).isTrue();
        assertThat(AnswerCpu.ThreadTicks.isCompiler("C1 CompilerThre")).isTrue();
        assertThat(AnswerCpu.ThreadTicks.isCollector("GC Thread#0")).isTrue();
        assertThat(AnswerCpu.ThreadTicks.isCollector("G1 Conc#0")).isTrue();
        assertThat(AnswerCpu.ThreadTicks.isCollector("G1 Refine#0")).isTrue();
        for (String other : new String[] {"java", "VM Thread", "tomcat-handler-", "ForkJoinPool-1-w", "Compiler"}) {
            assertThat(AnswerCpu.ThreadTicks.isCompiler(other)).as(other).isFalse();
            assertThat(AnswerCpu.ThreadTicks.isCollector(other)).as(other).isFalse();
        }
    }

    @Test
    void readsThisJvmsCompilerAndCollectorTicksOnLinux() {
        // the benchmarks run on Linux, where /proc/<pid>/task lists the JVM's threads
        var ticks = AnswerCpu.ThreadTicks.of(ProcessHandle.current().pid());

        assertThat(ticks).isPresent();
        assertThat(ticks.get().compiler()).isNotNegative();
        assertThat(ticks.get().gc()).isNotNegative();
    }

    @Test
    void printsTheServicesAndTheClientsParts() {
        assertThat(new AnswerCpu(3_250, 1_640, 860, 1_320, 340, 450).threadParts())
                .isEqualTo("1,320 / 340 / 450");
        assertThat(new AnswerCpu(-1, -1, -1, -1, -1, -1).threadParts()).isEqualTo("unknown");
    }
}
