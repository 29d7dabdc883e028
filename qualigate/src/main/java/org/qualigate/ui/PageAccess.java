package org.qualigate.ui;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;

/**
 * Whether the signed-in user may send a form to a path, asked of the security configuration itself (the one
 * table of who may do what, {@code UiSecurityConfiguration}), so a page shows a form only to those who may
 * submit it: {@code th:if="${@pageAccess.post('/mappings')}"}.
 */
@Component("pageAccess")
class PageAccess {

    private final ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator;

    PageAccess(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    /** Whether the current user may POST to the path (an absolute path inside the service). */
    public boolean post(String path) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        WebInvocationPrivilegeEvaluator e = evaluator.getIfAvailable();
        return user != null && e != null && e.isAllowed("", path, "POST", user);
    }
}
