package org.qualigate.quality;

import java.time.Clock;
import org.qualigate.audit.AuditTrail;
import org.qualigate.connector.BatchStock;
import org.qualigate.connector.RegulatoryReports;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires recall orchestration when both the ERP and the regulatory reporting store are configured ({@code
 * qualigate.quality.erp.base-url}, {@code qualigate.quality.regulatory.base-url}; the store's adapter is wired on the connector side): the
 * saga, worked by the quality module's schedule beside the ERP work. Without them recalls are stored and shown, not acted
 * on.
 */
@Configuration
class RecallConfiguration {

    static final String RECALLS_CONFIGURED =
            QualityConfiguration.ERP_CONFIGURED + " and !'${qualigate.quality.regulatory.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(RECALLS_CONFIGURED)
    RecallSaga recallSaga(
            BatchStock qualityErp,
            RegulatoryReports regulatoryStore,
            Recalls recalls,
            BatchWork work,
            BatchDecisions decisions,
            JdbcClient jdbc,
            AuditTrail audit,
            QualityOutbox outbox,
            TransactionTemplate tx,
            QualitySettings settings,
            Clock clock) {
        return new RecallSaga(
                new RecallSagaParts(qualityErp, recalls, work, decisions, jdbc, audit, outbox, tx, clock),
                regulatoryStore,
                settings);
    }
}
