package org.qualigate.web;

import java.io.IOException;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * Deny by default: health is open; the webhook path is authenticated by its signature; everything else
 * needs an authenticated user; granting overrides needs {@code PLANT_MANAGER}, closing their reviews
 * {@code QA_APPROVER}. Users come from configuration ({@code qualigate.security.users}) with
 * hashed passwords; without any, nobody can read the API.
 */
@Configuration
@EnableConfigurationProperties(SecurityConfiguration.Users.class)
class SecurityConfiguration {

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
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/hooks/*")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // Overrides are granted and ended by plant managers, their reviews closed by QA.
                        .requestMatchers(
                                org.springframework.http.HttpMethod.POST,
                                "/api/v1/overrides",
                                "/api/v1/overrides/*/end")
                        .hasRole("PLANT_MANAGER")
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/review-tasks/*/close")
                        .hasRole("QA_APPROVER")
                        // QMS sync: QA resolves conflicts; QA or an administrator switches modes, runs reconciliations
                        // and uploads parallel-run exports.
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/qms/conflicts/*/resolve")
                        .hasRole("QA_APPROVER")
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/qms/**")
                        .hasAnyRole("QA_APPROVER", "ADMINISTRATOR")
                        .anyRequest()
                        .authenticated())
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

    @Bean
    InMemoryUserDetailsManager users(Users users) {
        List<UserDetails> details = users.users().stream()
                .map(u -> User.withUsername(u.username())
                        .password(u.password())
                        .roles(u.roles().toArray(String[]::new))
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(details);
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

    /** Local API users ({@code qualigate.security.users}); passwords as {@code {bcrypt}} hashes. */
    @ConfigurationProperties("qualigate.security")
    record Users(List<ApiUser> users) {

        Users {
            users = users == null ? List.of() : List.copyOf(users);
        }
    }

    /** One API user. */
    record ApiUser(String username, String password, List<String> roles) {

        ApiUser {
            roles = roles == null || roles.isEmpty() ? List.of("AUDITOR") : List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "ApiUser[" + username + ", roles=" + roles + "]";
        }
    }
}
