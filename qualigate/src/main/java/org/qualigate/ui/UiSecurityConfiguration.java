package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
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
 * person (never a service account), and each action names the roles it allows, as the API does; a route not
 * named is denied. CSRF is on; an idle session ends after {@code qualigate.identity.session-timeout} (the
 * servlet session's timeout, shared with the rest of the service). The users are
 * the application's {@link UserDetailsService}, and the log-in publishes Spring Security's authentication
 * success and failure events, so whatever counts failures (lockout) sees the UI's too.
 */
@Configuration
class UiSecurityConfiguration {

    private static final String ADMINISTRATOR = "ADMINISTRATOR";
    private static final String QA_APPROVER = "QA_APPROVER";
    private static final String HR_MAPPING_EDITOR = "HR_MAPPING_EDITOR";
    private static final String PLANT_MANAGER = "PLANT_MANAGER";
    private static final String AUDITOR = "AUDITOR";
    /** The roles of people; a service account (SERVICE) never gets a page. */
    private static final String[] PEOPLE = {ADMINISTRATOR, QA_APPROVER, HR_MAPPING_EDITOR, PLANT_MANAGER, AUDITOR};

    private static final Set<String> NOT_UI = Set.of("/api", "/actuator", "/v3", "/swagger-ui", "/error");

    @Bean
    @Order(3)
    SecurityFilterChain ui(
            HttpSecurity http,
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events)
            throws Exception {
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/");
        http.securityMatcher(UiSecurityConfiguration::isUiPath)
                .authenticationManager(authenticationManager(users, encoder, eventPublisher, events))
                .authorizeHttpRequests(
                        auth -> auth.requestMatchers("/login", "/denied", "/css/**", "/webjars/**", "/favicon.ico")
                                .permitAll()
                                // The same role rules as the API (authorisation-matrix.txt holds the whole table):
                                // pages are for people only, never a service account; the auditor only reads; the
                                // administrator runs the service but never edits record content.
                                .requestMatchers(HttpMethod.POST, "/overrides")
                                .hasRole(PLANT_MANAGER)
                                .requestMatchers(HttpMethod.POST, "/review/tasks/*/close")
                                .hasRole(QA_APPROVER)
                                .requestMatchers(HttpMethod.POST, "/review/dead-letters/*/replay")
                                .hasRole(ADMINISTRATOR)
                                // a stored monthly report is made by the service's job; on demand by whoever runs the
                                // service or answers for compliance (decision 0021)
                                .requestMatchers(HttpMethod.POST, "/reports/monthly")
                                .hasAnyRole(ADMINISTRATOR, QA_APPROVER)
                                .requestMatchers(
                                        HttpMethod.POST,
                                        "/review/dictionary",
                                        "/mappings",
                                        "/rules/edit",
                                        "/parameters",
                                        "/change-sets/*/versions",
                                        "/change-sets/*/sign")
                                .hasAnyRole(HR_MAPPING_EDITOR, QA_APPROVER)
                                .requestMatchers(HttpMethod.POST, "/change-sets/*/approve", "/change-sets/*/reject")
                                .hasRole(QA_APPROVER)
                                // access reviews: the API's roles (decision 0036)
                                .requestMatchers(
                                        HttpMethod.POST,
                                        "/access-reviews",
                                        "/access-reviews/*/decisions",
                                        "/access-reviews/*/complete",
                                        "/access-reviews/suspensions/*/lift")
                                .hasRole(QA_APPROVER)
                                // QMS sync pages: the API's roles; every person reads, a service account never
                                .requestMatchers(HttpMethod.POST, "/qms/conflicts/*/resolve")
                                .hasRole(QA_APPROVER)
                                .requestMatchers(HttpMethod.POST, "/qms/**")
                                .hasAnyRole(QA_APPROVER, ADMINISTRATOR)
                                .requestMatchers(HttpMethod.GET, "/**")
                                .hasAnyRole(PEOPLE)
                                .anyRequest()
                                .denyAll())
                .formLogin(form ->
                        form.loginPage("/login").failureUrl("/login?error").successHandler(success))
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
