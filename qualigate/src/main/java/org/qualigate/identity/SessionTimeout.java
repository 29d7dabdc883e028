package org.qualigate.identity;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
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
        // validated on approval; a value that no longer parses leaves the configured timeout, and is alerted
        parameters
                .parsed(
                        "identity.session-timeout",
                        v -> Math.toIntExact(Duration.parse(v).toSeconds()),
                        "server.servlet.session.timeout")
                .ifPresent(seconds -> event.getSession().setMaxInactiveInterval(seconds));
    }
}
