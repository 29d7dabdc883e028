package org.qualigate.web;

import java.io.IOException;
import org.qualigate.identity.OidcAccounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * Deny by default: health is open; the webhook path is authenticated by its signature; every other route
 * names the roles it allows, and a route not named is denied. Users are the accounts in the database
 * ({@code identity.AccountUserDetailsService}); each sign-in publishes Spring Security's authentication
 * events, which count failures toward lockout.
 */
@Configuration
class SecurityConfiguration {

    static final String ADMINISTRATOR = "ADMINISTRATOR";
    static final String QA_APPROVER = "QA_APPROVER";
    static final String HR_MAPPING_EDITOR = "HR_MAPPING_EDITOR";
    static final String PLANT_MANAGER = "PLANT_MANAGER";
    static final String AUDITOR = "AUDITOR";
    static final String SERVICE = "SERVICE";
    /** Every role of a person; service accounts read nothing of the API. */
    static final String[] PEOPLE = {ADMINISTRATOR, QA_APPROVER, HR_MAPPING_EDITOR, PLANT_MANAGER, AUDITOR};

    /**
     * Workday's outbound messages carry Basic credentials of their own integration user, which the controller
     * checks; the API users' Basic authentication must not intercept them.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain workdayOutbound(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/hooks/workday")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * OIDC sign-in, only when a provider is configured (decision 0020): the authorization code flow at
     * {@code /oauth2/authorization/oidc} and {@code /login/oauth2/code/oidc}, then a session whose account is
     * shown at {@code /api/v1/session}. The session times out like a UI session. The UI's own chain signs in
     * through the same {@link OidcAccounts} when it offers OIDC.
     */
    @Bean
    @org.springframework.core.annotation.Order(2)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
            "!'${qualigate.identity.oidc.issuer:}'.isBlank()")
    SecurityFilterChain oidcLogin(HttpSecurity http, OidcAccounts accounts) throws Exception {
        http.securityMatcher("/oauth2/**", "/login/oauth2/**", "/api/v1/session")
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/api/v1/session")
                        .hasAnyRole(PEOPLE)
                        .anyRequest()
                        .permitAll())
                .oauth2Login(o ->
                        o.userInfoEndpoint(u -> u.oidcUserService(accounts)).defaultSuccessUrl("/api/v1/session"))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.changeSessionId()))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthenticated = (req, res, e) -> problem(
                res,
                json,
                HttpStatus.UNAUTHORIZED,
                "unauthenticated",
                "Authentication required",
                "this resource needs an authenticated user");
        AccessDeniedHandler denied = (req, res, e) ->
                problem(res, json, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role does not allow this");
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/hooks/*")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // Every route names the roles it allows (the authorisation matrix test holds the
                        // whole table); the auditor only reads, the administrator runs the service but
                        // never edits record content (separation of duties).
                        // metrics and info are read-only: every person, and the service account that scrapes
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                        .hasAnyRole(ADMINISTRATOR, QA_APPROVER, HR_MAPPING_EDITOR, PLANT_MANAGER, AUDITOR, SERVICE)
                        .requestMatchers(HttpMethod.GET, "/actuator/**")
                        .hasAnyRole(PEOPLE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/overrides", "/api/v1/overrides/*/end")
                        .hasRole(PLANT_MANAGER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/review-tasks/*/close")
                        .hasRole(QA_APPROVER)
                        .requestMatchers(
                                HttpMethod.POST, "/api/v1/dead-letters/*/replay", "/api/v1/dead-letters/replay")
                        .hasRole(ADMINISTRATOR)
                        // QMS sync: QA resolves conflicts; QA or an administrator switches modes, runs
                        // reconciliations and uploads parallel-run exports.
                        .requestMatchers(HttpMethod.POST, "/api/v1/qms/conflicts/*/resolve")
                        .hasRole(QA_APPROVER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/qms/**")
                        .hasAnyRole(QA_APPROVER, ADMINISTRATOR)
                        // access reviews (decision 0036): QA starts campaigns, signs decisions and reports,
                        // and lifts suspensions
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/access-reviews",
                                "/api/v1/access-reviews/*/decisions",
                                "/api/v1/access-reviews/*/complete",
                                "/api/v1/suspensions/*/lift")
                        .hasRole(QA_APPROVER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/sources/*/pull")
                        .hasRole(ADMINISTRATOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/imports")
                        .hasRole(HR_MAPPING_EDITOR)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/dictionary",
                                "/api/v1/change-sets",
                                "/api/v1/change-sets/*/versions",
                                "/api/v1/change-sets/*/sign")
                        .hasAnyRole(HR_MAPPING_EDITOR, QA_APPROVER)
                        .requestMatchers(
                                HttpMethod.POST, "/api/v1/change-sets/*/approve", "/api/v1/change-sets/*/reject")
                        .hasRole(QA_APPROVER)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/rules/preview",
                                "/api/v1/audit/verify",
                                "/api/v1/signatures/verify")
                        .hasAnyRole(PEOPLE)
                        .requestMatchers("/api/v1/users", "/api/v1/users/**")
                        .hasRole(ADMINISTRATOR)
                        .requestMatchers(HttpMethod.GET, "/api/v1/mail/**")
                        .hasAnyRole(ADMINISTRATOR, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/v1/account/password")
                        .hasAnyRole(PEOPLE)
                        .requestMatchers(
                                HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                        .hasAnyRole(PEOPLE)
                        .requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**")
                        .hasAnyRole(PEOPLE)
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    private static void problem(
            jakarta.servlet.http.HttpServletResponse res,
            ObjectMapper json,
            HttpStatus status,
            String type,
            String title,
            String detail)
            throws IOException {
        var p = Problems.problem(status, type, title, detail);
        res.setStatus(status.value());
        res.setContentType("application/problem+json");
        if (status == HttpStatus.UNAUTHORIZED) {
            res.setHeader("WWW-Authenticate", "Basic realm=\"qualigate\"");
        }
        json.writeValue(res.getOutputStream(), p);
    }
}
