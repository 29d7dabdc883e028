package org.qualigate.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When no datasource URL is configured, starts the embedded PostgreSQL and points the datasource
 * (application role) and Flyway (schema owner) at it. Pointing at an external PostgreSQL is only a
 * matter of setting {@code spring.datasource.url}.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String DATA_DIRECTORY = "qualigate.embedded-postgres.data-directory";
    static final String PORT = "qualigate.embedded-postgres.port";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        String dir = environment.getProperty(DATA_DIRECTORY, "");
        // a fixed port lets a tool beside the service (the fault suite) reach the same database; 0: any free one
        int port = environment.getProperty(PORT, Integer.class, 0);
        EmbeddedPostgres postgres = EmbeddedPostgres.shared(dir.isBlank() ? null : Path.of(dir), port);
        // Spring properties by name, for a property source: keyed by data, not JSON
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", postgres.jdbcUrl());
        props.put("spring.datasource.username", EmbeddedPostgres.APP_ROLE);
        props.put("spring.datasource.password", "");
        props.put("spring.flyway.url", postgres.jdbcUrl());
        props.put("spring.flyway.user", EmbeddedPostgres.SUPERUSER);
        props.put("spring.flyway.password", "");
        props.put(PORT, postgres.port());
        environment.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", props));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
