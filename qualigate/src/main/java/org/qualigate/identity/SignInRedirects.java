package org.qualigate.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.security.web.RedirectStrategy;

/**
 * Redirects of the sign-in flows (to the log-in page, back to the page asked for) as paths on this server,
 * never as absolute URLs: Spring Security builds a saved request's URL from the request's {@code Host} header,
 * which the client chooses, so an absolute redirect could send a person to another host. The path and query
 * are kept; scheme, host and port are dropped (the container sends the path as a relative {@code Location}).
 */
public final class SignInRedirects implements RedirectStrategy {

    @Override
    public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
        response.sendRedirect(response.encodeRedirectURL(request.getContextPath() + pathOf(url, request)));
    }

    /** The path and query of {@code url} below the context path; {@code /} for anything unusable. */
    static String pathOf(String url, HttpServletRequest request) {
        try {
            URI uri = new URI(url);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String context = request.getContextPath();
            if (uri.isAbsolute() || uri.getRawAuthority() != null) {
                // a saved request's absolute URL: only its path on this server is followed
                if (!context.isEmpty() && path.startsWith(context)) {
                    path = path.substring(context.length());
                }
            } else if (!path.startsWith("/")) {
                return "/";
            }
            // a path starting with // would be read by a browser as another host
            while (path.startsWith("//")) {
                path = path.substring(1);
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
