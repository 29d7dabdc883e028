package org.qualigate.connector.s4hana;

import java.util.Objects;
import org.qualigate.connector.BatchStock;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The ERP that holds batch stock, as the quality module's {@link BatchStock} port: S/4HANA, connected with {@code
 * qualigate.quality.erp.*}, wired only when its base URL is set. The quality module sees the port, not the adapter.
 */
@Configuration(proxyBeanMethods = false)
class S4HanaConfiguration {

    static final String ERP_CONFIGURED = "!'${qualigate.quality.erp.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(ERP_CONFIGURED)
    BatchStock qualityErp(Environment environment, TraceSteps steps) {
        S4HanaSettings settings = Binder.get(environment)
                .bind("qualigate.quality.erp", S4HanaSettings.class)
                .orElse(null);
        return new S4HanaStock("erp", Objects.requireNonNull(settings), steps.calls());
    }
}
