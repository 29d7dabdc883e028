package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServiceProfileTest {

    @Test
    void bytesPerEventAreTheWindowsAllocationOverTheEventsItAccepted() {
        var a = new ServiceProfile.PerEvent(1_000_000, 1_000_000 + 3 * 250_000 + 2, 3);

        assertThat(a.bytesPerEvent()).contains(250_001L);
    }

    @Test
    void noBytesPerEventWithoutAReadingAnEventOrWhenTheCounterWentBack() {
        assertThat(new ServiceProfile.PerEvent(-1, 500, 10).bytesPerEvent()).isEmpty();
        assertThat(new ServiceProfile.PerEvent(100, 500, 0).bytesPerEvent()).isEmpty();
        assertThat(new ServiceProfile.PerEvent(600, 500, 10).bytesPerEvent()).isEmpty();
    }

    @Test
    void talliesRankKeysByWeightWithTheirShareOfTheTotal() {
        var t = new ServiceProfile.Tally();
        t.add("b", 30);
        t.add("a", 10);
        t.add("c", 30);
        t.add("a", 30);

        assertThat(t.total()).isEqualTo(100);
        assertThat(t.top(2)).containsExactly(Map.entry("a", 0.4), Map.entry("b", 0.3));
    }

    @Test
    void anEmptyTallyHasNoShares() {
        assertThat(new ServiceProfile.Tally().top(5)).isEmpty();
    }

    @Test
    void aStackBelongsToTheFirstStageWhoseMarkerIsOnIt() {
        List<String> planning = List.of(
                "java.util.HashMap.resize",
                "org.qualigate.ledger.Qualifications.current",
                "org.qualigate.access.AccessPlanner.personsChanged",
                "org.qualigate.intake.IntakeCommitter.commit");
        List<String> ledger = List.of(
                "org.qualigate.audit.AuditTrail.record",
                "org.qualigate.ledger.QualificationRecorder.record",
                "org.qualigate.intake.IntakeCommitter.commit");
        List<String> webhook = List.of("tools.jackson.Parser.next", "org.qualigate.web.StandardWebhookFilter.doFilter");

        assertThat(ServiceProfile.stageOf(planning)).isEqualTo("committer: planning");
        assertThat(ServiceProfile.stageOf(ledger)).isEqualTo("committer: ledger apply");
        assertThat(ServiceProfile.stageOf(webhook)).startsWith("webhook request");
        assertThat(ServiceProfile.stageOf(List.of("java.lang.Thread.run"))).isEqualTo("other");
    }

    @Test
    void theOwnFrameIsTheQualigateFrameNearestTheTopElseTheTopFrame() {
        assertThat(ServiceProfile.ownFrameOf(
                        List.of("java.util.HashMap.put", "org.qualigate.a.B.c", "org.qualigate.d.E.f")))
                .isEqualTo("org.qualigate.a.B.c");
        assertThat(ServiceProfile.ownFrameOf(List.of("java.util.HashMap.put"))).isEqualTo("java.util.HashMap.put");
        assertThat(ServiceProfile.ownFrameOf(List.of())).isEqualTo("(no stack)");
    }

    @Test
    void profilingIsOffUnlessAskedForAndOnlyTheFullProfileRecords() {
        Path work = Path.of("target/run");
        Properties off = new Properties();
        Properties bytes = new Properties();
        bytes.setProperty("bench.profile", "bytes");
        Properties full = new Properties();
        full.setProperty("bench.profile", "true");

        assertThat(ServiceProfile.from(off, work).jvmOptions(List.of("-Xss1m"))).containsExactly("-Xss1m");
        assertThat(ServiceProfile.from(off, work).markdown()).isEmpty();
        assertThat(ServiceProfile.from(bytes, work).jvmOptions(List.of())).isEmpty();
        assertThat(ServiceProfile.from(full, work).jvmOptions(List.of()))
                .anySatisfy(o -> assertThat(o).startsWith("-XX:StartFlightRecording=filename="));
    }
}
