package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.qualigate.support.AuthorisationMatrix;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route the application maps × every role has an explicit expectation in
 * {@code authorisation-matrix.txt}, and the security configuration answers exactly that. A new route
 * without a row fails the test, so nobody adds a route without deciding who may call it.
 */
class AuthorisationMatrixIT extends QualigateIT {

    /** The columns of the matrix, in order; ANONYMOUS is a caller who did not sign in. */
    private static final List<String> CALLERS = AuthorisationMatrix.CALLERS;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    FilterChainProxy security;

    @Verifies({"URS-SEC-007", "URS-SEC-002", "URS-SEC-006"})
    @Test
    void everyRouteHasAnExpectationForEveryRoleAndTheConfigurationAnswersIt() {
        Map<String, List<Boolean>> expected = matrix();
        TreeSet<String> routes = routes();
        List<String> problems = new ArrayList<>();
        for (String route : routes) {
            List<Boolean> row = expected.get(route);
            if (row == null) {
                String[] p = route.split(" ", 2);
                StringBuilder now = new StringBuilder(route);
                CALLERS.forEach(c -> now.append(" | ").append(decide(p[0], p[1], c) ? "allow" : "deny"));
                problems.add(route + ": no row in authorisation-matrix.txt (decide who may call it; the configuration"
                        + " answers today: " + now + ")");
                continue;
            }
            String[] parts = route.split(" ", 2);
            for (int i = 0; i < CALLERS.size(); i++) {
                boolean allowed = decide(parts[0], parts[1], CALLERS.get(i));
                if (allowed != row.get(i)) {
                    problems.add(route + " as " + CALLERS.get(i) + ": expected " + (row.get(i) ? "allow" : "deny")
                            + " but the configuration says " + (allowed ? "allow" : "deny"));
                }
            }
        }
        expected.keySet().stream()
                .filter(r -> !routes.contains(r))
                .forEach(r -> problems.add(r + ": row for a route the application does not map"));
        assertThat(problems).isEmpty();
    }

    @Verifies("URS-SEC-002")
    @Test
    void anUnmappedApiPathIsDeniedToEveryRole() {
        for (String caller : CALLERS) {
            assertThat(decide("DELETE", "/api/v1/audit", caller)).as(caller).isFalse();
            assertThat(decide("POST", "/api/v2/anything", caller)).as(caller).isFalse();
        }
    }

    private TreeSet<String> routes() {
        TreeSet<String> routes = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            var methods = info.getMethodsCondition().getMethods();
            List<String> names = methods.isEmpty()
                    ? List.of("GET")
                    : methods.stream().map(Enum::name).toList();
            for (String pattern : info.getPatternValues()) {
                names.forEach(m -> routes.add(m + " " + pattern));
            }
        }
        return routes;
    }

    private boolean decide(String method, String pattern, String caller) {
        String path = pattern.replaceAll("\\{[^}]+}", "1").replace("/**", "/x");
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        Authentication who = caller.equals("ANONYMOUS")
                ? new AnonymousAuthenticationToken(
                        "matrix", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))
                : UsernamePasswordAuthenticationToken.authenticated(
                        "matrix", null, AuthorityUtils.createAuthorityList("ROLE_" + caller));
        for (SecurityFilterChain chain : security.getFilterChains()) {
            if (!chain.matches(request)) {
                continue;
            }
            return chain.getFilters().stream()
                    .filter(AuthorizationFilter.class::isInstance)
                    .map(AuthorizationFilter.class::cast)
                    .findFirst()
                    .map(f -> {
                        var result = f.getAuthorizationManager().authorize(() -> who, request);
                        return result != null && result.isGranted();
                    })
                    .orElse(false);
        }
        return false;
    }

    private static Map<String, List<Boolean>> matrix() {
        return AuthorisationMatrix.read().rows();
    }
}
