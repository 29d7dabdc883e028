package org.qualigate.ui;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the admin UI ({@code qualigate.ui}): how long an idle session lasts before signing in again. */
@ConfigurationProperties("qualigate.ui")
record UiSettings(@Nullable Duration sessionTimeout) {

    UiSettings {
        sessionTimeout = sessionTimeout == null ? Duration.ofMinutes(15) : sessionTimeout;
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("qualigate.ui.session-timeout must be positive");
        }
    }

    Duration timeout() {
        return sessionTimeout == null ? Duration.ofMinutes(15) : sessionTimeout;
    }
}
