package org.qualigate.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a Standard Webhook to a configured source before the servlet stack's security chain, observation and
 * MVC dispatch (decision 0043). Such a request is authenticated by its signature alone (decision 0033): its own
 * security chain permits it and holds only the firewall and the response headers, and at hundreds of events a
 * second the dispatch around the intake cost more service CPU than the intake itself. So this filter takes only
 * what that chain would have let through unchanged — a {@code POST} to {@code /api/v1/hooks/<name>} of a
 * configured source, the name of plain letters, digits, {@code -} and {@code _} — answers it with the same
 * {@link StandardWebhookAnswers} as {@link HookController}, and sets the same headers that chain sets. Everything else
 * (another method, an unknown source, an unusual path, Workday's and the QMS's own hook paths) passes on to the
 * chain and the controllers unchanged.
 */
class StandardWebhookFilter extends OncePerRequestFilter {

    private static final String HOOKS = "/api/v1/hooks/";

    private final StandardWebhookAnswers hooks;
    private final String qualitySource;

    StandardWebhookFilter(StandardWebhookAnswers hooks, String qualitySource) {
        this.hooks = hooks;
        this.qualitySource = qualitySource;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String source = source(request);
        if (source == null) {
            chain.doFilter(request, response);
            return;
        }
        StandardWebhookAnswers.Answer a = hooks.receive(source, request);
        response.setStatus(a.status());
        headersOfEveryRoute(request, response);
        if (a.retryAfter()) {
            response.setHeader("Retry-After", "1");
        }
        response.setContentType(a.contentType());
        response.setContentLength(a.body().length);
        response.getOutputStream().write(a.body());
    }

    /** The configured source this filter answers for, or null when the request is left to the chain. */
    @Nullable
    String source(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String uri = request.getRequestURI();
        int start = request.getContextPath().length() + HOOKS.length();
        if (uri.length() <= start || !uri.startsWith(HOOKS, start - HOOKS.length())) {
            return null;
        }
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        String source = uri.substring(start);
        if (source.equals(WorkdayHookController.SOURCE) || source.equals(qualitySource) || !hooks.configured(source)) {
            return null;
        }
        return source;
    }

    /** The headers Spring Security's defaults write on every route (the webhook chain keeps the defaults). */
    private static void headersOfEveryRoute(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-XSS-Protection", "0");
        response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("Expires", "0");
        response.setHeader("X-Frame-Options", "DENY");
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<StandardWebhookFilter> standardWebhookFilter(
                StandardWebhookAnswers hooks,
                @Value("${qualigate.quality.hook.source:trackwise}") String qualitySource) {
            FilterRegistrationBean<StandardWebhookFilter> registration =
                    new FilterRegistrationBean<>(new StandardWebhookFilter(hooks, qualitySource));
            registration.setName("standardWebhooks");
            // Just inside the last-resort error answer, before the observation, security and MVC filters.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            registration.addUrlPatterns(HOOKS + "*");
            return registration;
        }
    }
}
