package org.qualigate.config;

import java.time.Clock;
import org.qualigate.connector.CallPauses;
import org.qualigate.connector.HrisSource;
import org.qualigate.connector.qms.QmsOwnedRecordsSource;
import org.qualigate.connector.qms.QmsSettings;
import org.qualigate.connector.qms.SalesforceQms;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the QMS adapter (when {@code qualigate.qms.base-url} is set) and the pull of the records the QMS owns. The
 * training module reaches it through its port ({@link org.qualigate.connector.TrainingTarget}) only.
 */
@Configuration
@EnableConfigurationProperties(QmsSettings.class)
class QmsConfiguration {

    static final String QMS_CONFIGURED = "!'${qualigate.qms.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(QMS_CONFIGURED)
    SalesforceQms qms(QmsSettings settings, CallPauses pauses, Clock clock, TraceSteps steps) {
        return new SalesforceQms("qms", settings, pauses, clock, steps.calls());
    }

    /** The QMS's own records, pulled like an HRIS with a watermark, into the ledger under authority QMS. */
    @Bean
    @ConditionalOnExpression(QMS_CONFIGURED)
    HrisSource qmsOwnedRecords(SalesforceQms qms) {
        return new QmsOwnedRecordsSource(qms);
    }
}
