package org.qualigate.connector.regulatory;

import org.qualigate.connector.RegulatoryReports;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The regulatory reporting store of recalls, as the quality module's {@link RegulatoryReports} port, connected with
 * {@code qualigate.quality.regulatory.*}; wired when recalls can be acted on (the ERP and the store configured).
 */
@Configuration(proxyBeanMethods = false)
class RegulatoryConfiguration {

    static final String RECALLS_CONFIGURED = "!'${qualigate.quality.erp.base-url:}'.isBlank()"
            + " and !'${qualigate.quality.regulatory.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(RECALLS_CONFIGURED)
    RegulatoryReports regulatoryStore(Environment environment, TraceSteps steps) {
        RegulatorySettings settings = Binder.get(environment)
                .bind("qualigate.quality.regulatory", RegulatorySettings.class)
                .orElseGet(() -> new RegulatorySettings(null, null, null));
        return new RegulatoryStoreReports("regulatory", settings, steps.calls());
    }
}
