package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.qualigate.identity.PasswordCheck;
import org.qualigate.identity.SignInRedirects;
import org.qualigate.text.RequestPath;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

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
        // Every redirect of the sign-in flow is a path on this server, never built from the Host header.
        var success = new SavedRequestAwareAuthenticationSuccessHandler();
        success.setDefaultTargetUrl("/");
        success.setRedirectStrategy(new SignInRedirects());
        var failure = new SimpleUrlAuthenticationFailureHandler("/login?error");
        failure.setRedirectStrategy(new SignInRedirects());
        var signIn = new LoginUrlAuthenticationEntryPoint("/login");
        signIn.setFavorRelativeUris(true);
        http.securityMatcher(UiSecurityConfiguration::isUiPath)
                .authenticationManager(authenticationManager(users, encoder, eventPublisher, events))
                .authorizeHttpRequests(UiSecurityConfiguration::routes)
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(success)
                        .failureHandler(
                                (request, response, failed) -> signInFailed(request, response, failed, failure)))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .exceptionHandling(ex -> ex.accessDeniedPage("/denied").authenticationEntryPoint(signIn))
                .headers(UiSecurityConfiguration::pageHeaders);
        return http.build();
    }

    /**
     * The route table, read top to bottom: the first route that matches a request decides. The same role rules as
     * the API (authorisation-matrix.txt holds the whole table): pages are for people only, never a service
     * account; the auditor only reads; the administrator runs the service but never edits record content. Each
     * group of actions is a method below; whatever no group names is read by every person if a GET, else denied.
     */
    private static void routes(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        signIn(auth);
        accounts(auth);
        reviewActions(auth);
        importsAndReports(auth);
        ruleChanges(auth);
        accessReviews(auth);
        qualitySync(auth);
        packsAndTargets(auth);
        auth.requestMatchers(HttpMethod.GET, "/**")
                .hasAnyRole(PEOPLE)
                .anyRequest()
                .denyAll();
    }

    /** Open to anyone: the sign-in and refusal pages, their styles and scripts. */
    private static void signIn(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers("/login", "/denied", "/css/**", "/webjars/**", "/favicon.ico")
                .permitAll()
                // an expired or reset password is replaced before sign-in: the form checks the
                // current password itself (counted toward lockout like any sign-in)
                .requestMatchers("/password/expired")
                .permitAll();
    }

    /** User administration is the administrator's; one's own account every person's. */
    private static void accounts(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers("/users", "/users/**")
                .hasRole(ADMINISTRATOR)
                .requestMatchers(HttpMethod.POST, "/account/**")
                .hasAnyRole(PEOPLE);
    }

    /** Overrides, review tasks, dead letters, training records to resend, removal holds, events set aside. */
    private static void reviewActions(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/overrides")
                .hasRole(PLANT_MANAGER)
                .requestMatchers(HttpMethod.POST, "/review/tasks/*/close")
                .hasRole(QA_APPROVER)
                .requestMatchers(
                        HttpMethod.POST,
                        "/review/dead-letters/*/replay",
                        "/review/training-records/resend",
                        "/review/removal-holds/*/accept")
                .hasRole(ADMINISTRATOR)
                // an event set aside is processed again or closed with a reason by whoever runs
                // the service or answers for the records (decision 0034)
                .requestMatchers(HttpMethod.POST, "/review/events/*/reprocess", "/review/events/*/acknowledge")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER);
    }

    /** A CSV import, as in the API: the HR mapping editor; a monthly report on demand. */
    private static void importsAndReports(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/imports")
                .hasRole(HR_MAPPING_EDITOR)
                // a stored monthly report is made by the service's job; on demand by whoever runs the
                // service or answers for compliance (decision 0021)
                .requestMatchers(HttpMethod.POST, "/reports/monthly")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER);
    }

    /** Mappings, rules and parameters change through change sets: edited and signed, then approved by QA. */
    private static void ruleChanges(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/mappings",
                        "/rules/edit",
                        "/parameters",
                        "/change-sets/*/versions",
                        "/change-sets/*/sign")
                .hasAnyRole(HR_MAPPING_EDITOR, QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/change-sets/*/approve", "/change-sets/*/reject")
                .hasRole(QA_APPROVER);
    }

    /** Access reviews: the API's roles (decision 0036). */
    private static void accessReviews(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(
                        HttpMethod.POST,
                        "/access-reviews",
                        "/access-reviews/*/decisions",
                        "/access-reviews/*/complete",
                        "/access-reviews/suspensions/*/lift")
                .hasRole(QA_APPROVER);
    }

    /** QMS sync pages: the API's roles; every person reads, a service account never. */
    private static void qualitySync(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/qms/conflicts/*/resolve")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/quality/excursions/*/review")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/calibration/conflicts/*/resolution")
                .hasRole(QA_APPROVER)
                .requestMatchers(HttpMethod.POST, "/qms/**")
                .hasAnyRole(QA_APPROVER, ADMINISTRATOR);
    }

    /**
     * An inspection pack is read by anyone who may read, its export audited; a target's reconciliation corrects
     * the MES: whoever runs the service or answers for compliance.
     */
    private static void packsAndTargets(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.POST, "/roles/*/inspection-pack")
                .hasAnyRole(PEOPLE)
                .requestMatchers(HttpMethod.POST, "/targets/*/reconcile")
                .hasAnyRole(ADMINISTRATOR, QA_APPROVER);
    }

    /**
     * Pages load their script (htmx, from its webjar), styles and images from this server only, inline
     * script and style are refused (the templates have none; htmx's own indicator style is turned off in
     * the layout), no page may be framed, the referrer never leaves the site, and browser features the UI
     * never uses are off.
     */
    static void pageHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.deny())
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
    }

    /** The Content-Security-Policy of the pages. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    /** Browser features no page uses. */
    static final String PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), display-capture=(),"
            + " geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /** The same users and password check as the API and re-authentication, with events published. */
    static ProviderManager authenticationManager(
            UserDetailsService users,
            PasswordEncoder encoder,
            ObjectProvider<AuthenticationEventPublisher> eventPublisher,
            ApplicationEventPublisher events) {
        return PasswordCheck.manager(users, encoder, eventPublisher, events);
    }

    /** Session attribute: the user whose expired (or reset) password the change page is for. */
    static final String EXPIRED_USER = "qualigate.ui.expired-user";

    /**
     * A refused sign-in: a right but expired (or administrator-set) password leads to the page that replaces
     * it; anything else back to the form ({@code otherwise}), saying only that the user name or password is
     * wrong. Both redirects are paths on this server, never built from the Host header.
     */
    static void signInFailed(
            HttpServletRequest request,
            jakarta.servlet.http.HttpServletResponse response,
            org.springframework.security.core.AuthenticationException failure,
            SimpleUrlAuthenticationFailureHandler otherwise)
            throws java.io.IOException, jakarta.servlet.ServletException {
        if (failure instanceof org.springframework.security.authentication.CredentialsExpiredException) {
            request.getSession().setAttribute(EXPIRED_USER, request.getParameter("username"));
            new SignInRedirects().sendRedirect(request, response, "/password/expired");
            return;
        }
        otherwise.onAuthenticationFailure(request, response, failure);
    }

    /**
     * Decided on the normalised path (decoded, without path parameters or repeated slashes, lower-cased), so
     * no spelling of an API path ({@code /%61pi/…}, {@code /API/…}, {@code //api/…}, {@code /api;x/…}) is
     * taken for a page: whatever reaches the API's handlers went through the API's chain (decision 0024).
     */
    static boolean isUiPath(HttpServletRequest request) {
        String raw = request.getRequestURI();
        String context = request.getContextPath();
        String path = RequestPath.normalised(raw.startsWith(context) ? raw.substring(context.length()) : raw);
        for (String prefix : NOT_UI) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        return true;
    }
}
