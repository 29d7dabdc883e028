package org.qualigate.connector.qms;

import org.qualigate.connector.EquipmentCalibrations;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The QMS's equipment records as the calibration module's port ({@link EquipmentCalibrations} of the system {@code
 * QMS}), the object and field names in {@code qualigate.calibration.qms-fields.*}, read through the one QMS
 * connection; wired only when calibration runs (a maintenance system configured) and the QMS is configured.
 */
@Configuration(proxyBeanMethods = false)
class CalibrationQmsConfiguration {

    static final String MAXIMO_AND_QMS_CONFIGURED =
            "!'${qualigate.calibration.maximo.base-url:}'.isBlank() and !'${qualigate.qms.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(MAXIMO_AND_QMS_CONFIGURED)
    EquipmentCalibrations qmsCalibrations(SalesforceQms qms, Environment environment) {
        SalesforceEquipment.Fields fields = Binder.get(environment)
                .bind("qualigate.calibration.qms-fields", SalesforceEquipment.Fields.class)
                .orElse(SalesforceEquipment.Fields.DEFAULTS);
        return new SalesforceEquipment(qms, fields);
    }
}
