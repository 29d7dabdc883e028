package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Form log-in with a session for the admin UI (every path but the API's, the actuator's, the OpenAPI
 * document's and {@code /error}), ahead of the API's stateless chain. Deny by default: every page needs a
 * signed-in user; granting an override needs {@code PLANT_MANAGER}, closing its review {@code QA_APPROVER},
 * as in the API. CSRF is on; an idle session ends after {@code qualigate.ui.session-timeout}. The users are
 * the application's {@link UserDetailsService}, and the log-in publishes Spring Security's authentication
 * success and failure events, so whatever counts failures (lockout) sees the UI's too.
 */
@Configuration
@EnableConfigurationProperties(UiSettings.class)
class UiSecurityConfiguration {

    private static final Set<String> NOT_UI = Set.of("/api", "/actuator", "/v3", "/swagger-ui", "/error");

    @Bean
    @Order(2)
    SecurityFilterChain ui(
            HttpSecurity http,
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events,
            UiSettings settings)
            throws Exception {
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/");
        http.securityMatcher(UiSecurityConfiguration::isUiPath)
                .authenticationManager(authenticationManager(users, encoder, eventPublisher, events))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/overrides")
                        .hasRole("PLANT_MANAGER")
                        .requestMatchers(HttpMethod.POST, "/review/tasks/*/close")
                        .hasRole("QA_APPROVER")
                        // QMS sync pages: the API's roles; every person reads, a service account never
                        .requestMatchers(HttpMethod.POST, "/qms/conflicts/*/resolve")
                        .hasRole("QA_APPROVER")
                        .requestMatchers(HttpMethod.POST, "/qms/**")
                        .hasAnyRole("QA_APPROVER", "ADMINISTRATOR")
                        .requestMatchers("/qms", "/qms/**")
                        .hasAnyRole("ADMINISTRATOR", "QA_APPROVER", "HR_MAPPING_EDITOR", "PLANT_MANAGER", "AUDITOR")
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .failureUrl("/login?error")
                        .successHandler((request, response, authentication) -> {
                            request.getSession().setMaxInactiveInterval((int)
                                    settings.timeout().toSeconds());
                            success.onAuthenticationSuccess(request, response, authentication);
                        }))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/denied"))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    /** The same users and password check as the API and re-authentication, with events published. */
    static ProviderManager authenticationManager(
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(provider);
        manager.setAuthenticationEventPublisher(
                eventPublisher.getIfAvailable(() -> new DefaultAuthenticationEventPublisher(events)));
        return manager;
    }

    static boolean isUiPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String prefix : NOT_UI) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }
}
