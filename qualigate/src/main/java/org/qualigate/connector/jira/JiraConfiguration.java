package org.qualigate.connector.jira;

import java.util.Objects;
import org.qualigate.connector.TaskTool;
import org.qualigate.trace.TraceSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The task tool of CAPA escalations, as the quality module's {@link TaskTool} port: Jira Cloud, connected with
 * {@code qualigate.quality.jira.*}, wired when escalation can run (an ERP, the QMS and Jira configured).
 */
@Configuration(proxyBeanMethods = false)
class JiraConfiguration {

    static final String CAPA_CONFIGURED = "!'${qualigate.quality.erp.base-url:}'.isBlank()"
            + " and !'${qualigate.qms.base-url:}'.isBlank()"
            + " and !'${qualigate.quality.jira.base-url:}'.isBlank()";

    @Bean
    @ConditionalOnExpression(CAPA_CONFIGURED)
    TaskTool capaTasks(Environment environment, TraceSteps steps) {
        JiraSettings settings = Binder.get(environment)
                .bind("qualigate.quality.jira", JiraSettings.class)
                .orElse(null);
        return new JiraCloudTasks("jira", Objects.requireNonNull(settings), steps.calls());
    }
}
