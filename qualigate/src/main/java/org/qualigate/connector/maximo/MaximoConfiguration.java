package org.qualigate.connector.maximo;

import java.util.Objects;
import org.qualigate.connector.EquipmentCalibrations;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Maximo as the calibration module's maintenance-system port ({@link EquipmentCalibrations} of the system {@code
 * MAINTENANCE}), connected with {@code qualigate.calibration.maximo.*} and wired only when its base URL is set. The
 * calibration module sees the port, not the adapter.
 */
@Configuration(proxyBeanMethods = false)
class MaximoConfiguration {

    static final String MAXIMO_CONFIGURED = "!'${qualigate.calibration.maximo.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(MAXIMO_CONFIGURED)
    EquipmentCalibrations maintenanceCalibrations(Environment environment, TraceSteps steps) {
        MaximoSettings settings = Binder.get(environment)
                .bind("qualigate.calibration.maximo", MaximoSettings.class)
                .orElse(null);
        return new MaximoAssets("maximo", Objects.requireNonNull(settings), steps.calls());
    }
}
