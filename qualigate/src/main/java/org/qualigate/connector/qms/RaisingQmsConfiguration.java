package org.qualigate.connector.qms;

import org.qualigate.connector.NonconformanceRaiser;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The QMS as the place where accepted excursions are raised as non-conformances ({@link NonconformanceRaiser}),
 * whenever the QMS is configured (no ERP needed: raising names no batch). The non-conformance object's names are the
 * quality module's ({@code qualigate.quality.qms-fields.*}).
 */
@Configuration(proxyBeanMethods = false)
class RaisingQmsConfiguration {

    @Bean
    @ConditionalOnExpression("!'${qualigate.qms.base-url:}'.isBlank()")
    NonconformanceRaiser qmsNonconformanceRaiser(SalesforceQms qms, Environment environment) {
        SalesforceNonconformances.Fields fields = SalesforceNonconformances.Fields.configured(environment);
        return new SalesforceNonconformanceRaiser(qms, fields, SalesforceNonconformanceRaiser.Fields.DEFAULTS);
    }
}
