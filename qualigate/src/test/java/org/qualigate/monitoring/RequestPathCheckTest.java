package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.qualigate.validation.Verifies;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

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

    @Verifies("URS-BCP-542")
    @Test
    void theServiceClosingStopsTheChecksSoThatTheWebServersOwnStopIsNoFinding() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] up = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, up.length);
            exchange.getResponseBody().write(up);
            exchange.close();
        });
        server.start();
        MockEnvironment environment = new MockEnvironment()
                .withProperty(
                        "local.server.port",
                        Integer.toString(server.getAddress().getPort()));
        RequestPathCheck check =
                new RequestPathCheck(environment, Clock.systemUTC(), Duration.ofMillis(50), Duration.ofSeconds(5), "");
        Logger logger = (Logger) LoggerFactory.getLogger(RequestPathCheck.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            check.start();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> check.health().getStatus().equals(Status.UP));

            GenericApplicationContext context = new GenericApplicationContext();
            context.setEnvironment(environment);
            check.closing(new ContextClosedEvent(context));
            server.stop(0);

            assertThat(check.checking())
                    .as("no check is scheduled once the service closes")
                    .isFalse();
            // a check still running as the web server stops sees the stop: recorded, but not reported as a finding
            assertThat(check.run().served()).isFalse();
            assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.ERROR);
        } finally {
            server.stop(0);
            check.stop();
            logger.detachAppender(logged);
        }
    }

    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }
}
