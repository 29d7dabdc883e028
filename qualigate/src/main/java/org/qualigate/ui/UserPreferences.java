package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;
import org.qualigate.identity.UserAccount;
import org.qualigate.identity.Users;
import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleTimeZoneAwareLocaleContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleContextResolver;

/**
 * The language and time zone a page is shown in (decision 0041): the signed-in person's own choice from their
 * account; a language left open follows the browser's Accept-Language among the languages the bundles hold,
 * else English; a time zone never chosen is UTC (the column's default), never guessed from the browser. The
 * DispatcherServlet finds this bean by its name and puts the answer in {@code LocaleContextHolder} for the
 * templates ({@code #{…}}, {@code #locale}) and for {@link Readable}.
 */
@Component("localeResolver")
class UserPreferences implements LocaleContextResolver {

    /** The languages the message bundles hold, the first the fallback. */
    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN);

    private static final String ACCOUNT = UserPreferences.class.getName() + ".account";

    private final Users users;

    UserPreferences(Users users) {
        this.users = users;
    }

    @Override
    public LocaleContext resolveLocaleContext(HttpServletRequest request) {
        Optional<UserAccount> account = account(request);
        Locale locale = account.map(UserAccount::language)
                .filter(l -> !l.isEmpty())
                .map(Locale::forLanguageTag)
                .orElseGet(() -> fromBrowser(Collections.list(request.getLocales())));
        ZoneId zone = account.map(UserAccount::timeZone).orElse(Readable.UTC);
        return new SimpleTimeZoneAwareLocaleContext(locale, TimeZone.getTimeZone(zone));
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Locale locale = resolveLocaleContext(request).getLocale();
        return locale == null ? Locale.ENGLISH : locale;
    }

    /** The first language the browser asks for that the bundles hold, else English. */
    static Locale fromBrowser(List<Locale> asked) {
        for (Locale l : asked) {
            for (Locale s : SUPPORTED) {
                if (s.getLanguage().equals(l.getLanguage())) {
                    return s;
                }
            }
        }
        return Locale.ENGLISH;
    }

    /**
     * The preferences are the account's; a page cannot set them by a parameter or a cookie. Refusing is this
     * resolver's whole answer, as Spring's own header-based resolver refuses: no interceptor is configured to call
     * it, and one that did would be a mistake to surface, not a change to keep.
     */
    @Override
    public void setLocaleContext(
            HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable LocaleContext context) {
        throw new UnsupportedOperationException("the language and time zone are set on the account page");
    }

    /** Refused for the same reason as {@link #setLocaleContext}. */
    @Override
    public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
        throw new UnsupportedOperationException("the language and time zone are set on the account page");
    }

    /** The signed-in account, read once per request. */
    @SuppressWarnings("unchecked")
    private Optional<UserAccount> account(HttpServletRequest request) {
        Object cached = request.getAttribute(ACCOUNT);
        if (cached instanceof Optional<?> o) {
            return (Optional<UserAccount>) o;
        }
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        Optional<UserAccount> account = a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName())
                ? Optional.empty()
                : users.find(a.getName());
        request.setAttribute(ACCOUNT, account);
        return account;
    }
}
