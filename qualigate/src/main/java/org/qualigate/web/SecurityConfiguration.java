package org.qualigate.web;

import java.io.IOException;
import org.qualigate.identity.OidcAccounts;
import org.qualigate.identity.SignInRedirects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import tools.jackson.databind.ObjectMapper;

/**
 * Deny by default: health is open; the webhook path is authenticated by its signature (in a chain of its own);
 * every other route names the roles it allows, and a route not named is denied. Users are the accounts in the database
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
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityConfiguration::apiHeaders);
        return http.build();
    }

    /**
     * Standard Webhooks: each request is authenticated by its signature, which the controller checks in
     * constant time before anything is stored; no user, session, CSRF token or saved request applies. So this
     * chain holds only what the path needs — the firewall every request passes and the same response headers
     * as every route — and none of the API chain's filters, which cost more than the intake itself at high
     * rates (decision 0033). Workday's outbound path has its own chain above; other methods on the path fall
     * through to the API chain and are denied there.
     */
    @Bean
    @org.springframework.core.annotation.Order(3)
    SecurityFilterChain standardWebhooks(HttpSecurity http) throws Exception {
        http.securityMatcher(
                        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                                .matcher(HttpMethod.POST, "/api/v1/hooks/*"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.disable())
                .exceptionHandling(exceptions -> exceptions.disable())
                .headers(Customizer.withDefaults());
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
                .oauth2Login(o -> o.userInfoEndpoint(u -> u.oidcUserService(accounts))
                        .successHandler(oidcSuccess())
                        .failureHandler(oidcFailure()))
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.changeSessionId()))
                .headers(SecurityConfiguration::apiHeaders);
        return http.build();
    }

    /** Back to the page asked for (or the session's account), as a path on this server, never from Host. */
    private static SavedRequestAwareAuthenticationSuccessHandler oidcSuccess() {
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/api/v1/session");
        success.setRedirectStrategy(new SignInRedirects());
        return success;
    }

    private static SimpleUrlAuthenticationFailureHandler oidcFailure() {
        var failure = new SimpleUrlAuthenticationFailureHandler("/login?error");
        failure.setRedirectStrategy(new SignInRedirects());
        return failure;
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
        http.authorizeHttpRequests(SecurityConfiguration::routes)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated))
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityConfiguration::apiHeaders);
        return http.build();
    }

    /**
     * The API's route table, read top to bottom: the first route that matches a request decides. Every route
     * names the roles it allows (the authorisation matrix test holds the whole table); the auditor only reads,
     * the administrator runs the service but never edits record content (separation of duties). Each group of
     * actions is a method below; whatever no group names is read by every person if a GET, else denied.
     */
    private static void routes(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        open(auth);
        operations(auth);
        reviewActions(auth);
        qualitySync(auth);
        accessReviews(auth);
        sources(auth);
        ruleChanges(auth);
        readingThatPosts(auth);
        targetsAndProjection(auth);
        accounts(auth);
        eventsSetAside(auth);
        reading(auth);
    }

    /** Health, the signed webhooks (their signature authenticates them) and the error page. */
    private static void open(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers("/actuator/health", "/actuator/health/**")
                .permitAll()
                .requestMatchers(HttpMethod.POST, "/api/v1/hooks/*")
                .permitAll()
                .requestMatchers("/error")
                .permitAll();
    }

    /** Metrics and info are read-only: every person, and the service account that scrapes. */
    private static void operations(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER, HR_MAPPING_EDITOR, PLANT_MANAGER, AUDITOR, SERVICE)
                .requestMatchers(HttpMethod.GET, "/actuator/**")
                .hasAnyRole(PEOPLE);
    }

    /** Overrides, review tasks, dead letters and training records to replay. */
    private static void reviewActions(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/api/v1/overrides", "/api/v1/overrides/*/end")
                .hasRole(PLANT_MANAGER)
                .requestMatchers(HttpMethod.POST, "/api/v1/review-tasks/*/close")
                .hasRole(QA_APPROVER)
                .requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/dead-letters/*/replay",
                        "/api/v1/dead-letters/replay",
                        "/api/v1/review/training-records/*/replay")
                .hasRole(ADMINISTRATOR);
    }

    /**
     * QMS sync: QA resolves conflicts; QA or an administrator switches modes, runs reconciliations and uploads
     * parallel-run exports. Calibration conflicts: QA resolves; QA or an administrator asks for a comparison.
     */
    private static void qualitySync(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/api/v1/qms/conflicts/*/resolve")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/api/v1/environment/excursions/*/review")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/api/v1/calibration/conflicts/*/resolution")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/api/v1/calibration/comparisons")
                .hasAnyRole(QA_APPROVER, ADMINISTRATOR)
                .requestMatchers(HttpMethod.POST, "/api/v1/qms/**")
                .hasAnyRole(QA_APPROVER, ADMINISTRATOR);
    }

    /** Access reviews (decision 0036): QA starts campaigns, signs decisions and reports, and lifts suspensions. */
    private static void accessReviews(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/access-reviews",
                        "/api/v1/access-reviews/*/decisions",
                        "/api/v1/access-reviews/*/complete",
                        "/api/v1/suspensions/*/lift")
                .hasRole(QA_APPROVER);
    }

    /** Pulls, removal holds and resent training records are the administrator's; a CSV import the HR editor's. */
    private static void sources(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/sources/*/pull",
                        "/api/v1/sources/removal-holds/*/accept",
                        "/api/v1/sources/removal-holds/*/dismiss",
                        "/api/v1/review/training-records/resend")
                .hasRole(ADMINISTRATOR)
                .requestMatchers(HttpMethod.POST, "/api/v1/imports")
                .hasRole(HR_MAPPING_EDITOR);
    }

    /** The dictionary and rules change through change sets: edited and signed, then approved by QA. */
    private static void ruleChanges(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/dictionary",
                        "/api/v1/change-sets",
                        "/api/v1/change-sets/*/versions",
                        "/api/v1/change-sets/*/sign")
                .hasAnyRole(HR_MAPPING_EDITOR, QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/api/v1/change-sets/*/approve", "/api/v1/change-sets/*/reject")
                .hasRole(QA_APPROVER);
    }

    /** Posts that change no record (a preview, a verification, an audited export): every person. */
    private static void readingThatPosts(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/api/v1/rules/preview",
                        "/api/v1/audit/verify",
                        "/api/v1/signatures/verify",
                        "/api/v1/roles/*/inspection-packs")
                .hasAnyRole(PEOPLE);
    }

    /** Reconciliation of a target corrects what it holds; rebuilding the projection rewrites it. */
    private static void targetsAndProjection(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/api/v1/targets/*/reconciliations")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/api/v1/entitlements/rebuild")
                .hasRole(ADMINISTRATOR);
    }

    /** Users are the administrator's, the mail sent also the auditor's to read; one's own account every person's. */
    private static void accounts(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers("/api/v1/users", "/api/v1/users/**")
                .hasRole(ADMINISTRATOR)
                .requestMatchers(HttpMethod.GET, "/api/v1/mail/**")
                .hasAnyRole(ADMINISTRATOR, AUDITOR)
                .requestMatchers(HttpMethod.POST, "/api/v1/account/password", "/api/v1/account/signing-password")
                .hasAnyRole(PEOPLE);
    }

    /**
     * Events set aside: processed again or acknowledged by whoever runs the service or answers for the records
     * (decision 0034).
     */
    private static void eventsSetAside(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST, "/api/v1/review/events/*/reprocess", "/api/v1/review/events/*/acknowledge")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER);
    }

    /** Every person reads the API and its documents; anything no route names is denied. */
    private static void reading(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml")
                .hasAnyRole(PEOPLE)
                .requestMatchers(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**")
                .hasAnyRole(PEOPLE)
                .anyRequest()
                .denyAll();
    }

    /**
     * Before any chain: a request whose path is not in its one canonical spelling is refused with a 400
     * problem (decision 0024), so no spelling of an API path can be routed by the UI's chain.
     */
    @Bean
    WebSecurityCustomizer canonicalPaths(ObjectMapper json) {
        return web -> web.httpFirewall(new CanonicalPathFirewall()).requestRejectedHandler((req, res, e) -> {
            if (res.isCommitted()) {
                return;
            }
            problem(
                    res,
                    json,
                    HttpStatus.BAD_REQUEST,
                    "request-rejected",
                    "Request rejected",
                    "the request is not in canonical form: " + e.getMessage());
        });
    }

    /**
     * The API answers JSON (never a page to run script in), so its policy allows nothing; the Swagger UI's
     * pages load their own script and style from this server (its components set inline styles).
     */
    static void apiHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.addHeaderWriter((req, res) -> res.setHeader(
                        "Content-Security-Policy",
                        req.getServletPath().startsWith("/swagger-ui") ? SWAGGER_POLICY : API_POLICY))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .frameOptions(f -> f.deny())
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
    }

    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String SWAGGER_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), display-capture=(),"
            + " geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

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
