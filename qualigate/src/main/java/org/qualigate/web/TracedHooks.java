package org.qualigate.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.qualigate.trace.TraceParent;
import org.qualigate.trace.TraceSteps;
import org.qualigate.trace.Traces;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every inbound event is received under a trace (decision 0065): a valid W3C {@code traceparent} of the sender is
 * continued with a span of Qualigate's own, an absent or invalid one starts a new trace (never a refusal, as the
 * recommendation's processing model asks). The trace is in force while the hook is answered, so the event is stored
 * with it; an event that was authentic (accepted, a duplicate, or kept for review) is recorded as its trace's first
 * step. Refused requests (unsigned, unknown source, too large, too busy) leave no step.
 */
@Configuration(proxyBeanMethods = false)
class TracedHooks {

    /** Answers after which nothing authentic was received. */
    private static final Set<Integer> NOTHING_RECEIVED = Set.of(401, 404, 405, 413, 429);

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> tracedHooksFilter(TraceSteps steps, Clock clock) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new Filter(steps, clock));
        registration.setName("tracedHooks");
        // outside the Standard Webhooks filter, which answers most hooks itself
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.addUrlPatterns("/api/v1/hooks/*");
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final TraceSteps steps;
        private final Clock clock;

        Filter(TraceSteps steps, Clock clock) {
            this.steps = steps;
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!"POST".equals(request.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            String given = request.getHeader(TraceParent.HEADER);
            TraceParent parent = TraceParent.parse(given).orElse(null);
            TraceParent trace = parent == null ? TraceParent.start() : parent.child();
            Instant started = clock.instant();
            try (var scope = Traces.open(trace)) {
                chain.doFilter(request, response);
            }
            int status = response.getStatus();
            if (!NOTHING_RECEIVED.contains(status) && status < 500) {
                steps.received(
                        trace,
                        parent == null ? null : parent.spanId(),
                        "POST " + request.getRequestURI(),
                        String.valueOf(status),
                        started);
            }
        }
    }
}
