package org.qualigate.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.qualigate.access.Verdict;
import org.qualigate.signature.Meaning;
import org.qualigate.signature.SignatureRequest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who signs a posted page form (21 CFR 11.200, decision 0015): the signed-in user, their UI session, and the
 * form's {@code userId} and {@code password} fields (empty when not sent). A page controller takes it as a
 * parameter; {@link Resolver} fills it in.
 */
record Signer(Authentication user, HttpSession session, String userId, String password) {

    /** Whether this session already holds a signature by this user (then the user id may be left out). */
    boolean continuing() {
        return UiSigning.continuing(user, session);
    }

    /** Remembers that the user signed in this session. */
    void signed() {
        UiSigning.signed(user, session);
    }

    /** Checks the signing fields the page can check itself; the password is checked by the signature. */
    SignatureRequest request(@Nullable String reason, Meaning meaning, FieldErrors errors) {
        boolean continuing = continuing();
        if (!continuing && userId.isBlank()) {
            errors.reject("userId", org.qualigate.text.Sentence.of("sign.error.user-id"));
        } else if (!userId.isBlank() && !userId.trim().equals(user.getName())) {
            errors.reject("userId", org.qualigate.text.Sentence.of("sign.error.own-user-id", user.getName()));
        }
        if (password.isEmpty()) {
            errors.reject("password", org.qualigate.text.Sentence.of("sign.error.password"));
        }
        return new SignatureRequest(
                user.getName(), userId.isBlank() ? null : userId.trim(), password, meaning, reason, continuing);
    }

    /**
     * The one ending of every signed command on a page: nothing runs while the page's own checks found
     * something; an accepted command lets the session remember the signer and answers its value; a subject
     * that does not exist is a 404; a refusal's reasons land next to the page's fields ({@code field} names
     * the page's field of each), said in the reader's language by their sentences, and the whole refusal under
     * {@code fallback} when it named no field.
     */
    <T> Optional<T> run(
            FieldErrors errors, Supplier<Verdict<T>> command, UnaryOperator<String> field, String fallback) {
        if (errors.any()) {
            return Optional.empty();
        }
        Verdict<T> v = command.get();
        Verdict.Refusal refusal = v.refusal();
        if (refusal == null) {
            signed();
            return v.accepted();
        }
        if (refusal.kind() == Verdict.Kind.NOT_FOUND) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, refusal.detail());
        }
        refusal.errors().forEach(e -> errors.reject(e.field() == null ? fallback : field.apply(e.field()), e.said()));
        if (!errors.any()) {
            errors.reject(fallback, refusal.whole().said());
        }
        return Optional.empty();
    }

    /** Fills a {@link Signer} parameter of a page controller from the request. */
    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Signer.class;
        }

        @Override
        public Signer resolveArgument(
                MethodParameter parameter,
                @Nullable ModelAndViewContainer container,
                NativeWebRequest request,
                @Nullable WebDataBinderFactory binders) {
            HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
            if (http == null || !(http.getUserPrincipal() instanceof Authentication user)) {
                throw new IllegalStateException("a signer needs a signed-in servlet request");
            }
            return new Signer(user, http.getSession(), field(http, "userId"), field(http, "password"));
        }

        private static String field(HttpServletRequest http, String name) {
            String value = http.getParameter(name);
            return value == null ? "" : value;
        }
    }

    /** Registers the resolver with Spring MVC. */
    @Configuration
    static class Registration implements WebMvcConfigurer {

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new Resolver());
        }
    }
}
