package org.qualigate.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.qualigate.text.RequestPath;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall (which refuses path parameters such as {@code ;jsessionid}, encoded
 * slashes, periods and percent signs, backslashes, repeated slashes, dot segments and control characters),
 * plus one rule it lacks: a path that percent-encodes an unreserved character ({@code /%61pi/v1/users}) is
 * refused too, since it is only another spelling of a route (decision 0024). What passes has one spelling,
 * and the filter chains decide on it.
 */
final class CanonicalPathFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) throws RequestRejectedException {
        Optional<String> why = RequestPath.nonCanonical(request.getRequestURI());
        if (why.isPresent()) {
            throw new RequestRejectedException(why.get());
        }
        return strict.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
