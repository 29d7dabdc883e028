package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.qualigate.QualigateApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/** What every page's shared layout shows: the signed-in user and their roles, the section, the version. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    private static final String VERSION = version();

    @ModelAttribute("signedIn")
    String signedIn() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName()) ? "" : a.getName();
    }

    @ModelAttribute("roles")
    List<String> roles() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null) {
            return List.of();
        }
        return a.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(r -> r != null && r.startsWith("ROLE_"))
                .map(r -> r.substring(5).replace('_', ' ').toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .toList();
    }

    /**
     * The signed-in person's roles under a name no page uses for its own data (a page's "roles" may list the
     * roles it is about), for the layout's header.
     */
    @ModelAttribute("signedInRoles")
    List<String> signedInRoles() {
        return roles();
    }

    @ModelAttribute("section")
    String section(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String[] parts = path.split("/");
        return parts.length < 2 || parts[1].isEmpty() ? "dashboard" : parts[1];
    }

    @ModelAttribute("version")
    String version(HttpServletRequest request) {
        return VERSION;
    }

    private static String version() {
        String v = QualigateApplication.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * Adds what the layout shows to a page rendered outside a page controller (an error page): exception
     * handlers get no {@code @ModelAttribute} values.
     */
    static ModelAndView withLayout(ModelAndView page, HttpServletRequest request) {
        PageModel model = new PageModel();
        page.addObject("signedIn", model.signedIn());
        page.addObject("roles", model.roles());
        page.addObject("signedInRoles", model.roles());
        page.addObject("section", model.section(request));
        page.addObject("version", VERSION);
        return page;
    }

    /**
     * A form page shown afresh: no errors and an empty form. After a refused submit the redirect's flash
     * attributes already hold both (what was sent and why it was refused), and they are kept.
     */
    static void blankFormUnlessRefused(org.springframework.ui.Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", java.util.Map.of());
            model.addAttribute("form", java.util.Map.of());
        }
    }

    /** A list page's filter as the query of its links ("?site=BSL&amp;sort=name"; empty values left out). */
    static String queryOf(java.util.Map<String, String> filter) {
        StringBuilder query = new StringBuilder();
        filter.forEach((k, v) -> {
            if (!v.isEmpty()) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(k)
                        .append('=')
                        .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static boolean has(Authentication user, String role) {
        return user.getAuthorities().stream().anyMatch(a -> ("ROLE_" + role).equals(a.getAuthority()));
    }
}
