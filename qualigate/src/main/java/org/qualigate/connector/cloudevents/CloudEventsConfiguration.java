package org.qualigate.connector.cloudevents;

import java.time.Clock;
import org.qualigate.connector.OutboundEvents;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The subscriber of the outbound events, as the {@link OutboundEvents} port: a CloudEvents webhook sink connected with
 * {@code qualigate.cloudevents.*}, wired only when {@code qualigate.cloudevents.sink-url} is set (nothing is sent
 * otherwise, and nothing is kept to send).
 */
@Configuration(proxyBeanMethods = false)
class CloudEventsConfiguration {

    /** The condition under which events are kept and sent; the quality module's worker uses the same. */
    static final String SINK_CONFIGURED = "!'${qualigate.cloudevents.sink-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(SINK_CONFIGURED)
    OutboundEvents cloudEventsSink(Environment environment, Clock clock, TraceSteps steps) {
        CloudEventsSettings settings = Binder.get(environment)
                .bind("qualigate.cloudevents", CloudEventsSettings.class)
                .orElseGet(() -> new CloudEventsSettings(null, null, null, null, null));
        return new CloudEventsSink(settings, clock, steps.calls());
    }
}
