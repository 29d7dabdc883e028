package org.qualigate.support;

import java.util.Map;
import org.qualigate.QualigateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** Another instance of the service in the test's JVM, with its own settings, on the test's clock. */
public final class AnotherInstance {

    private AnotherInstance() {}

    public static ConfigurableApplicationContext start(Map<String, Object> properties, TestClock clock) {
        // As command-line arguments: default properties would lose to application.yml's placeholders.
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(QualigateApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean("testClock", TestClock.class, () -> clock, d -> d.setPrimary(true)))
                .run(args);
    }
}
