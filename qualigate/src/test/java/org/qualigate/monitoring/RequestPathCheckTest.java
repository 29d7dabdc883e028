package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class RequestPathCheckTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");
    private static final long NOW = 1_000_000_000_000L;

    @Test
    void isUnknownUntilTheFirstCheckHasRun() {
        Health h = RequestPathCheck.assess(null, NOW, INTERVAL, TIMEOUT);

        assertThat(h.getStatus()).isEqualTo(Status.UNKNOWN);
    }

    @Verifies("URS-BCP-040")
    @Test
    void isUpWhileTheLastRequestThroughTheStackWasServedRecently() {
        var served = new RequestPathCheck.Outcome(AT, true, 0, "answered 200 UP in 4 ms", NOW - seconds(9));

        Health h = RequestPathCheck.assess(served, NOW, INTERVAL, TIMEOUT);

        assertThat(h.getStatus()).isEqualTo(Status.UP);
        assertThat(h.getDetails()).containsEntry("detail", "answered 200 UP in 4 ms");
    }

    @Verifies("URS-BCP-040")
    @Test
    void isDownWhenTheLastRequestFailed() {
        var failed = new RequestPathCheck.Outcome(AT, false, 0, "answered 503 {\"status\":\"DOWN\"}", NOW - seconds(1));

        Health h = RequestPathCheck.assess(failed, NOW, INTERVAL, TIMEOUT);

        assertThat(h.getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.getDetails()).containsEntry("detail", "answered 503 {\"status\":\"DOWN\"}");
    }

    @Verifies("URS-BCP-040")
    @Test
    void oneSlowRequestIsDegradedAndTwoInARowAreDown() {
        var once = new RequestPathCheck.Outcome(AT, false, 1, "got no answer within PT5S", NOW - seconds(1));
        var twice = new RequestPathCheck.Outcome(AT, false, 2, "got no answer within PT5S", NOW - seconds(1));

        assertThat(RequestPathCheck.assess(once, NOW, INTERVAL, TIMEOUT).getStatus())
                .isEqualTo(RequestPathCheck.DEGRADED);
        assertThat(RequestPathCheck.assess(twice, NOW, INTERVAL, TIMEOUT).getStatus())
                .isEqualTo(Status.DOWN);
    }

    @Verifies("URS-BCP-040")
    @Test
    void isDownWhenNoCheckFinishedForThreeIntervalsAndTheTimeout() {
        var old = new RequestPathCheck.Outcome(AT, true, 0, "answered 200 UP in 4 ms", NOW - seconds(36));
        var recentEnough = new RequestPathCheck.Outcome(AT, true, 0, "answered 200 UP in 4 ms", NOW - seconds(35));

        assertThat(RequestPathCheck.assess(old, NOW, INTERVAL, TIMEOUT).getStatus())
                .isEqualTo(Status.DOWN);
        assertThat(RequestPathCheck.assess(old, NOW, INTERVAL, TIMEOUT)
                        .getDetails()
                        .get("reason"))
                .asString()
                .contains("the checker cannot run");
        assertThat(RequestPathCheck.assess(recentEnough, NOW, INTERVAL, TIMEOUT).getStatus())
                .isEqualTo(Status.UP);
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }
}
