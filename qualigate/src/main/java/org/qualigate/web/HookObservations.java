package org.qualigate.web;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Standard Webhooks requests are not observed one by one (no {@code http.server.requests} or Spring
 * Security filter observation per request): at hundreds of events a second their bookkeeping costs more
 * than it tells. Intake measures itself instead ({@code qualigate.intake.*}: events by outcome, commit time
 * and group size). Every other route is observed as before.
 */
@Configuration
class HookObservations {

    private static final String HOOKS = "/api/v1/hooks/";

    @Bean
    ObservationPredicate standardWebhooksAreNotObservedPerRequest() {
        return (name, context) -> !isStandardWebhook(request(name, context));
    }

    private static @Nullable HttpServletRequest request(String name, Observation.Context context) {
        if (context instanceof ServerRequestObservationContext server) {
            return server.getCarrier();
        }
        if (name.startsWith("spring.security.")
                && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest();
        }
        return null;
    }

    static boolean isStandardWebhook(@Nullable HttpServletRequest request) {
        if (request == null || !"POST".equals(request.getMethod())) {
            return false;
        }
        String uri = request.getRequestURI();
        return uri.startsWith(HOOKS)
                && uri.indexOf('/', HOOKS.length()) < 0
                && !uri.equals(HOOKS + WorkdayHookController.SOURCE);
    }
}
