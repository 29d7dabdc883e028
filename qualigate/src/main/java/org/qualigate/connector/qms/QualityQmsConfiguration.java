package org.qualigate.connector.qms;

import org.qualigate.connector.CapaRecords;
import org.qualigate.connector.NonconformanceSource;
import org.qualigate.connector.QualityRecordSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The QMS as the quality module's ports: its non-conformances ({@link NonconformanceSource}, the object and field
 * names in {@code qualigate.quality.qms-fields.*}), its CAPAs and recalls as they are pulled ({@link
 * QualityRecordSource}) and its CAPAs as escalation writes them ({@link CapaRecords}), all through the one QMS
 * connection, wired only when the quality module runs (an ERP configured) and the QMS is configured.
 */
@Configuration(proxyBeanMethods = false)
class QualityQmsConfiguration {

    static final String ERP_AND_QMS_CONFIGURED =
            "!'${qualigate.quality.erp.base-url:}'.isBlank() and !'${qualigate.qms.base-url:}'.isBlank()";
    static final String CAPA_CONFIGURED =
            ERP_AND_QMS_CONFIGURED + " and !'${qualigate.quality.jira.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(ERP_AND_QMS_CONFIGURED)
    NonconformanceSource qmsNonconformances(SalesforceQms qms, Environment environment) {
        SalesforceNonconformances.Fields fields = SalesforceNonconformances.Fields.configured(environment);
        return new SalesforceNonconformances(qms, fields);
    }

    @Bean
    @ConditionalOnExpression(ERP_AND_QMS_CONFIGURED)
    QualityRecordSource qmsQualityRecords(SalesforceQms qms) {
        return new SalesforceQualityRecords(qms);
    }

    @Bean
    @ConditionalOnExpression(CAPA_CONFIGURED)
    CapaRecords qmsCapas(SalesforceQms qms) {
        return new SalesforceCapas(qms, SalesforceCapas.Fields.DEFAULTS);
    }
}
