package org.qualigate.identity;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureCredentialsExpiredEvent;
import org.springframework.security.authentication.event.AuthenticationFailureDisabledEvent;
import org.springframework.security.authentication.event.AuthenticationFailureExpiredEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records every failed sign-in from Spring Security's authentication events, whichever filter chain or
 * re-authentication published them: a wrong password (or an unknown user name) counts toward lockout and is
 * audited; a refusal of a disabled, locked or expired account is audited without counting. Each entry names
 * the way in ({@link Via}) and the source address. The lockout itself, its audit entry and its alert e-mail
 * are one transaction ({@link SignInFailures#failed}).
 */
@Component
class SignInAttempts {

    private static final Logger log = LoggerFactory.getLogger(SignInAttempts.class);

    private final SignInFailures failures;

    SignInAttempts(SignInFailures failures) {
        this.failures = failures;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String username = event.getAuthentication().getName();
        Object details = event.getAuthentication().getDetails();
        Via via = via(details);
        String source = sourceAddress(details);
        if (event instanceof AuthenticationFailureBadCredentialsEvent) {
            if (failures.failed(username, via, source)) {
                log.warn(
                        "account {} locked after {} failed attempts (last from {})",
                        username,
                        failures.maxFailedAttempts(),
                        source);
            }
            return;
        }
        String reason = switch (event) {
            case AuthenticationFailureLockedEvent e -> "the account is locked";
            case AuthenticationFailureDisabledEvent e -> "the account is disabled";
            case AuthenticationFailureCredentialsExpiredEvent e -> "the password has expired";
            case AuthenticationFailureExpiredEvent e -> "the account has expired";
            default -> "refused: " + event.getException().getClass().getSimpleName();
        };
        failures.refused(username, via, source, reason);
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        failures.succeeded(event.getAuthentication().getName());
    }

    /** A signature's re-authentication marks its token; otherwise the request says which way was used. */
    private static Via via(@Nullable Object details) {
        if (details instanceof Via v) {
            return v;
        }
        HttpServletRequest request = currentRequest();
        if (request != null && "POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
            return Via.FORM;
        }
        return Via.BASIC;
    }

    /** The address the attempt came from (the servlet's remote address, after any trusted forwarding). */
    static String sourceAddress(@Nullable Object details) {
        if (details instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
            return web.getRemoteAddress();
        }
        HttpServletRequest request = currentRequest();
        return request == null ? "unknown" : request.getRemoteAddr();
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest()
                : null;
    }
}
