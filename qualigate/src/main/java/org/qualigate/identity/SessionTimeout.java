package org.qualigate.identity;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.qualigate.settings.ApprovedParameters;
import org.springframework.stereotype.Component;

/**
 * Gives each new UI session the idle timeout approved under change control
 * ({@code identity.session-timeout}); without an approved value the container's configured timeout
 * ({@code server.servlet.session.timeout}) stays. Sessions already open keep the timeout they started with.
 */
@Component
class SessionTimeout implements HttpSessionListener {

    private final ApprovedParameters parameters;

    SessionTimeout(ApprovedParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        parameters.value("identity.session-timeout").ifPresent(v -> {
            try {
                event.getSession()
                        .setMaxInactiveInterval((int) Duration.parse(v).toSeconds());
            } catch (DateTimeParseException | ArithmeticException e) {
                // validated on approval; a value that no longer parses leaves the configured timeout
            }
        });
    }
}
