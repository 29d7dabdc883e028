package org.qualigate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person signed in to the admin UI through its log-in form, as a browser would be: the session cookie and
 * the CSRF token the pages carry. Redirects are not followed, so a test sees every {@code Location}.
 */
public final class FormSession {

    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern HEADER_TOKEN = Pattern.compile("X-CSRF-TOKEN&quot;: &quot;([^&]+)&quot;");

    private final URI base;
    private final HttpClient http;
    private String token;

    private FormSession(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A browser that has opened the log-in page and holds its CSRF token, not yet signed in. */
    public static FormSession atTheSignInPage(URI base) {
        FormSession s = new FormSession(base);
        s.token = s.token(
                s.send(HttpRequest.newBuilder(base.resolve("/login")).GET()).body(), FORM_TOKEN);
        return s;
    }

    /** Signed in as the user; fails if the form refused the password. */
    public static FormSession signedIn(URI base, String user, String password) {
        FormSession s = atTheSignInPage(base);
        HttpResponse<String> answer = s.submitSignIn(user, password);
        String location = answer.headers().firstValue("location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("sign-in of " + user + " refused: " + answer.statusCode() + " " + location);
        }
        HttpResponse<String> home =
                s.send(HttpRequest.newBuilder(base.resolve("/")).GET());
        Matcher m = HEADER_TOKEN.matcher(home.body());
        if (home.statusCode() == 200 && m.find()) {
            s.token = m.group(1);
        }
        return s;
    }

    /** Posts the log-in form (the answer is the redirect, to the page asked for or back to the form). */
    public HttpResponse<String> submitSignIn(String user, String password) {
        String form = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(token);
        return send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The session's CSRF token (what a page's htmx requests send as {@code X-CSRF-TOKEN}). */
    public String csrfToken() {
        return token;
    }

    /** Sends a request with the session's cookies (add the CSRF header yourself where a POST needs it). */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String token(String page, Pattern pattern) {
        Matcher m = pattern.matcher(page);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
