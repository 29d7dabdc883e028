package org.qualigate.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.qualigate.text.TextInput;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Query and form parameters of every request (API and pages) are text from outside: a parameter whose name
 * or value holds a control character other than a tab or line break, or a lone surrogate, is refused with a
 * 400 problem naming it, before any filter chain or handler reads it (PostgreSQL could not store it, and
 * nothing may store a cleaned copy). The webhook paths are left alone: their body is the signed payload,
 * checked by intake.
 */
@Configuration
class TextParameters {

    /** Ahead of Spring Security's filters (order -100), so every path is covered the same way. */
    static final int ORDER = -110;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> textParameterFilter(ObjectMapper json) {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new Filter(json));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static final class Filter extends OncePerRequestFilter {

        private final ObjectMapper json;

        Filter(ObjectMapper json) {
            this.json = json;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/hooks/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
                Optional<String> bad = TextInput.multiLineRefusal(p.getKey())
                        .map(r -> "(its name) " + r)
                        .or(() -> java.util.Arrays.stream(p.getValue())
                                .map(TextInput::multiLineRefusal)
                                .flatMap(Optional::stream)
                                .findFirst());
                if (bad.isPresent()) {
                    var problem = Problems.invalidField(
                            HttpStatus.BAD_REQUEST,
                            "invalid-parameter",
                            "Invalid parameter",
                            TextInput.printable(p.getKey(), 64),
                            bad.get());
                    response.setStatus(HttpStatus.BAD_REQUEST.value());
                    response.setContentType(Problems.PROBLEM_JSON.toString());
                    json.writeValue(response.getOutputStream(), problem);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
