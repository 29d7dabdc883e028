package org.qualigate.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qualigate.delivery.DeliveryOverview;
import org.qualigate.support.AnswerFixtures;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The details of the {@code delivery} component of {@code /actuator/health}, written by the service's mapper and
 * by Jackson's defaults: the JSON the endpoint answers with, kept here as text.
 */
class DeliveryHealthTest {

    private static final String DEGRADED_DETAILS = "{\"reasons\":[\"mes: circuit breaker OPEN\"],\"targets\":{\"mes\":"
            + "{\"circuitBreaker\":\"OPEN\",\"failureRatePercent\":62.5,\"backlog\":12,\"due\":3,\"oldestWaiting\":"
            + "\"PT4M30S\",\"deadLetters\":1},\"qms\":{\"circuitBreaker\":\"CLOSED\",\"failureRatePercent\":0.0,"
            + "\"backlog\":0,\"due\":0,\"oldestWaiting\":\"none\",\"deadLetters\":0}},\"backlog\":12,\"deadLetters\":1,"
            + "\"latencyP99\":\"PT1.25S\",\"errorRate\":0.4,\"recentAttempts\":20,\"recentFailures\":8,\"probe\":"
            + "{\"at\":\"2026-12-07T08:00:00Z\",\"succeeded\":false,\"latency\":\"PT0.5S\",\"detail\":"
            + "\"scim: 503 Service Unavailable\"}}";

    @Verifies("URS-INT-260")
    @Test
    void aDegradedDeliveryGivesEachTargetAndTheLastProbe() {
        DeliveryCondition c = new DeliveryCondition(
                DeliveryCondition.Status.DEGRADED,
                List.of("mes: circuit breaker OPEN"),
                List.of(),
                new DeliveryOverview.Snapshot(
                        List.of(
                                new DeliveryOverview.TargetState(
                                        "mes", "OPEN", 62.5f, 12, 3, Optional.of(Duration.ofSeconds(270)), 1),
                                new DeliveryOverview.TargetState("qms", "CLOSED", 0f, 0, 0, Optional.empty(), 0)),
                        Duration.ofMillis(1250),
                        20,
                        8,
                        0.4),
                Optional.of(new SyntheticProbe.Result(
                        AnswerFixtures.AT, false, Duration.ofMillis(500), "scim: 503 Service Unavailable")));

        assertThat(details(AnswerFixtures.SERVICE, c)).isEqualTo(DEGRADED_DETAILS);
        assertThat(details(AnswerFixtures.DEFAULTS, c)).isEqualTo(DEGRADED_DETAILS);
        assertThat(DeliveryHealth.of(c).getStatus()).isEqualTo(DeliveryHealth.DEGRADED);
    }

    @Verifies("URS-INT-260")
    @Test
    void anUpDeliveryWithNoTargetAndNoProbeGivesTheTotalsAlone() {
        DeliveryCondition c = new DeliveryCondition(
                DeliveryCondition.Status.UP,
                List.of(),
                List.of(),
                new DeliveryOverview.Snapshot(List.of(), Duration.ZERO, 0, 0, 0.0),
                Optional.empty());
        String expected = "{\"targets\":{},\"backlog\":0,\"deadLetters\":0,\"latencyP99\":\"PT0S\",\"errorRate\":0.0,"
                + "\"recentAttempts\":0,\"recentFailures\":0}";

        assertThat(details(AnswerFixtures.SERVICE, c)).isEqualTo(expected);
        assertThat(details(AnswerFixtures.DEFAULTS, c)).isEqualTo(expected);
    }

    private static String details(JsonMapper mapper, DeliveryCondition c) {
        return AnswerFixtures.json(mapper, DeliveryHealth.of(c).getDetails());
    }
}
