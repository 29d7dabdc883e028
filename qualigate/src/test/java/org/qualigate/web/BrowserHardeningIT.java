package org.qualigate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.qualigate.support.FormSession;
import org.qualigate.support.QualigateIT;
import org.qualigate.validation.Verifies;

/**
 * What a browser is told: pages may run only the service's own script and style (and carry no inline script
 * or style that such a policy would break), no page may be framed, the referrer stays on the site, unused
 * browser features are off, the session cookie is SameSite and HttpOnly, and no redirect is ever built from
 * the Host header the client sent.
 */
class BrowserHardeningIT extends QualigateIT {

    private static final Pattern INLINE_SCRIPT =
            Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INLINE_STYLE =
            Pattern.compile("<style\\b|\\sstyle=\"|\\son[a-z]+=\"|javascript:", Pattern.CASE_INSENSITIVE);

    @Verifies("URS-SEC-032")
    @Test
    void pagesAndTheApiCarryAContentSecurityPolicyAReferrerPolicyAndAPermissionsPolicy() {
        FormSession admin = FormSession.signedIn(uri("/"), "admin", PASSWORD);
        HttpResponse<String> page = admin.send(HttpRequest.newBuilder(uri("/")));
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("content-security-policy").orElse("");
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("same-origin");
        assertThat(page.headers().firstValue("permissions-policy"))
                .hasValueSatisfying(p -> assertThat(p).contains("camera=()").contains("geolocation=()"));
        assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");

        HttpResponse<String> api = get("/api/v1/account");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(p -> assertThat(p).startsWith("default-src 'none'"));
        assertThat(api.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(api.headers().firstValue("permissions-policy")).isPresent();
    }

    @Verifies("URS-SEC-032")
    @Test
    void noPageCarriesInlineScriptOrStyleThatThePolicyWouldBlock() {
        FormSession admin = FormSession.signedIn(uri("/"), "admin", PASSWORD);
        List<String> found = new ArrayList<>();
        for (String path : List.of(
                "/login",
                "/",
                "/dashboard/compliance-chart",
                "/people",
                "/review",
                "/overrides",
                "/rules",
                "/rules/edit",
                "/mappings",
                "/parameters",
                "/change-sets",
                "/audit",
                "/reports",
                "/qms",
                "/qms/conflicts",
                "/qms/reconciliations",
                "/qms/parallel-runs")) {
            HttpResponse<String> r = admin.send(HttpRequest.newBuilder(uri(path)));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            Matcher script = INLINE_SCRIPT.matcher(r.body());
            if (script.find()) {
                found.add(path + ": " + script.group());
            }
            Matcher style = INLINE_STYLE.matcher(r.body());
            if (style.find()) {
                found.add(path + ": " + style.group());
            }
        }
        assertThat(found).isEmpty();
    }

    @Verifies("URS-SEC-032")
    @Test
    void theSessionCookieIsSameSiteStrictAndHttpOnly() {
        FormSession browser = FormSession.atTheSignInPage(uri("/"));
        HttpResponse<String> signedIn = browser.submitSignIn(USER, PASSWORD);
        List<String> cookies = signedIn.headers().allValues("set-cookie");
        assertThat(cookies)
                .anySatisfy(c -> assertThat(c)
                        .startsWith("JSESSIONID=")
                        .containsIgnoringCase("SameSite=Strict")
                        .containsIgnoringCase("HttpOnly"));
    }

    @Verifies("URS-SEC-032")
    @Test
    void aForgedHostHeaderNeverMakesARedirectToAnotherHost() throws IOException {
        // asked for a page without a session: sent to the log-in page on this server
        Raw first = raw("GET", "/people?q=E1", "evil.example", null, null);
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("location")).isEqualTo("/login");
        String session = first.cookie("JSESSIONID");

        Raw login = raw("GET", "/login", "evil.example", session, null);
        Matcher token = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(login.body());
        assertThat(token.find()).isTrue();

        // signed in: back to the page asked for, as a path, not as http://evil.example/…
        String form = "username=" + enc(USER) + "&password=" + enc(PASSWORD) + "&_csrf=" + enc(token.group(1));
        Raw signedIn = raw("POST", "/login", "evil.example", session, form);
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("location")).isEqualTo("/people?q=E1&continue");

        Raw wrong = raw(
                "POST",
                "/login",
                "evil.example:8443",
                raw("GET", "/login", "evil.example:8443", null, null).cookie("JSESSIONID"),
                "username=x&password=y&_csrf=none");
        assertThat(wrong.header("location")).doesNotContain("evil");
        for (Raw r : List.of(first, signedIn, wrong)) {
            assertThat(r.headers().toString().toLowerCase(Locale.ROOT)).doesNotContain("evil.example");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One HTTP/1.1 exchange on a socket, with whatever Host header the test wants to forge. */
    private Raw raw(String method, String path, String host, String session, String form) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            StringBuilder request = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(path)
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(host)
                    .append("\r\nConnection: close\r\n");
            if (session != null) {
                request.append("Cookie: JSESSIONID=").append(session).append("\r\n");
            }
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            if (form != null) {
                request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                        .append(body.length)
                        .append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(
                                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(end + 4));
        }
    }

    private record Raw(int status, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name, List.of("")).getFirst();
        }

        String cookie(String name) {
            for (String c : headers.getOrDefault("set-cookie", List.of())) {
                if (c.startsWith(name + "=")) {
                    return c.substring(name.length() + 1, c.indexOf(';'));
                }
            }
            return null;
        }
    }
}
